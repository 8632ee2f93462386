package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl's verbs that change the cluster, run in ksim's shell: client-side output against the real
 * kubectl v1.32 (golden/kubectl-v1.32), server-side lines as kubectl prints them.
 */
@Timeout(120)
class KubectlWritesTest {
  private final Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("", line).output();
  }

  static Stream<Arguments> recorded() throws IOException {
    return resource("commands.txt")
        .lines()
        .map(l -> l.split("\t", 2))
        .map(p -> Arguments.of(p[1], p[0]));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        KubectlWritesTest.class.getResourceAsStream("/golden/kubectl-v1.32/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("recorded")
  void clientSideOutputIsTheRealKubectls(String command, String golden) throws IOException {
    CommandResult result = sh("kubectl " + command);

    assertThat(result.stdout()).isEqualTo(resource(golden));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void createdDeploymentRunsItsPodsThroughTheControllers() {
    assertThat(sh("kubectl create deployment web --image=nginx --replicas=2").stdout())
        .isEqualTo("deployment.apps/web created\n");

    assertThat(sh("kubectl get pods -l app=web | grep -c Running").stdout()).isEqualTo("2\n");
    assertThat(sh("kubectl create deployment web --image=nginx").stderr())
        .isEqualTo("Error from server (AlreadyExists): deployments.apps \"web\" already exists\n");
  }

  @Test
  void exposeScaleAndDeleteSayWhatKubectlSays() {
    sh("kubectl create deployment web --image=nginx --port=80");

    assertThat(sh("kubectl expose deployment web --type=NodePort").stdout())
        .isEqualTo("service/web exposed\n");
    assertThat(sh("kubectl scale deployment web --replicas=3").stdout())
        .isEqualTo("deployment.apps/web scaled\n");
    assertThat(sh("kubectl get pods | grep -c web").stdout()).isEqualTo("3\n");
    assertThat(sh("kubectl delete svc web").stdout()).isEqualTo("service \"web\" deleted\n");
    assertThat(sh("kubectl delete pod nope").stderr())
        .isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
  }

  @Test
  void xargsDeletesWhatAwkPicked() {
    CommandResult result =
        sh(
            "kubectl get pods -n kube-system | grep kube-proxy | awk '{print $1}'"
                + " | xargs kubectl delete pod -n kube-system");

    assertThat(result.stdout().lines())
        .hasSize(3)
        .allMatch(l -> l.matches("pod \"kube-proxy-\\w+\" deleted"));
  }

  @Test
  void theApiServersValidationAnswers() {
    CommandResult result = sh("kubectl create service nodeport web --tcp=80 --node-port=80");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).startsWith("The Service \"web\" is invalid: ");
  }

  @Test
  void labelsRefuseToOverwriteWithoutTheFlag() {
    sh("kubectl run pod1 --image=nginx");

    assertThat(sh("kubectl label pod pod1 tier=web").stdout()).isEqualTo("pod/pod1 labeled\n");
    assertThat(sh("kubectl label pod pod1 tier=db").stderr())
        .isEqualTo("error: 'tier' already has a value (web), and --overwrite is false\n");
    assertThat(sh("kubectl get pod pod1 --show-labels").stdout()).contains("run=pod1,tier=web");
  }

  @Test
  void rolloutUndoPutsThePreviousTemplateBack() {
    sh("kubectl create deployment web --image=nginx:1.25");
    assertThat(sh("kubectl set image deployment/web nginx=nginx:1.26").stdout())
        .isEqualTo("deployment.apps/web image updated\n");

    assertThat(sh("kubectl rollout history deployment web").stdout())
        .isEqualTo(
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    assertThat(sh("kubectl rollout undo deployment web").stdout())
        .isEqualTo("deployment.apps/web rolled back\n");
    assertThat(sh("kubectl get deploy web -o wide").stdout()).contains("nginx:1.25");
  }

  @Test
  void commandsOutsideKsimExitTwoAndNameThemselves() {
    CommandResult helm = sh("helm install x y");
    CommandResult systemctl = sh("sudo systemctl restart kube-proxy");
    CommandResult portForward = sh("kubectl port-forward svc/web 8080:80");

    assertThat(List.of(helm.exitCode(), systemctl.exitCode(), portForward.exitCode()))
        .containsOnly(2);
    assertThat(helm.stderr()).contains("helm");
    assertThat(systemctl.stderr()).contains("configmap/kube-proxy");
    assertThat(portForward.stderr()).contains("kubectl port-forward is not simulated");
    assertThat(shell.runLine("", "tcpdump -nn -i eth0").unsupported())
        .as("tcpdump captures on a node or in a pod")
        .isTrue();
  }
}
