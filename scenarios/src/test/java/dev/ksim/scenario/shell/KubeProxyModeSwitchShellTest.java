package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.view.CommandResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ways a user restarts kube-proxy from the shell after editing its ConfigMap, and what kubectl
 * then shows: the new mode in the logs, or a crash loop with the error.
 */
@Timeout(120)
class KubeProxyModeSwitchShellTest {
  private final Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("", line).output();
  }

  private void setMode(String mode) {
    String config =
        cluster
            .store()
            .<io.fabric8.kubernetes.api.model.ConfigMap>get(
                new ObjectKey(ResourceType.CONFIG_MAP, "kube-system", "kube-proxy"))
            .orElseThrow()
            .getData()
            .get("config.conf")
            .replaceAll("(?m)^mode:.*\\n", "");
    cluster
        .store()
        .modify(
            ResourceType.CONFIG_MAP,
            "kube-system",
            "kube-proxy",
            c -> c.getData().put("config.conf", config + "mode: " + mode + "\n"));
    cluster.runUntilQuiet();
  }

  private boolean allInMode(ProxyMode mode) {
    return cluster.kubeProxies().size() == cluster.nodeNetworks().size()
        && cluster.kubeProxies().values().stream().allMatch(p -> p.configuration().mode() == mode);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubectl delete pod -n kube-system -l k8s-app=kube-proxy",
        "kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name | xargs kubectl delete -n"
            + " kube-system",
        "kubectl rollout restart ds/kube-proxy -n kube-system"
      })
  void everyRestartFromTheShellSwitchesTheMode(String restart) {
    setMode("nftables");

    CommandResult result = sh(restart);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(allInMode(ProxyMode.NFTABLES)).isTrue();
    String pod =
        sh("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name")
            .stdout()
            .lines()
            .findFirst()
            .orElseThrow();
    assertThat(sh("kubectl logs -n kube-system " + pod).stdout())
        .contains("\"Using nftables Proxier\"");
  }

  @Test
  void userspaceCrashLoopsWithTheErrorInTheLogsAndOnStderr() {
    setMode("userspace");

    CommandResult deleted = sh("kubectl delete pod -n kube-system -l k8s-app=kube-proxy");
    cluster.advance(Duration.ofSeconds(11));
    String pods = sh("kubectl get pods -n kube-system -l k8s-app=kube-proxy").stdout();
    String pod = pods.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

    assertThat(deleted.stderr()).contains("exited at start").contains("userspace");
    assertThat(pods).contains("CrashLoopBackOff");
    assertThat(sh("kubectl logs -n kube-system " + pod).stdout())
        .contains("\"command failed\"")
        .contains("Unsupported value: \\\"userspace\\\"");
    assertThat(sh("kubectl logs -n kube-system " + pod + " --previous").stdout())
        .contains("\"command failed\"");
    assertThat(sh("kubectl logs -f -n kube-system " + pod).stderr()).contains("drop -f");
  }

  @Test
  void tailKeepsTheLastLines() {
    String pod =
        sh("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name")
            .stdout()
            .lines()
            .findFirst()
            .orElseThrow();

    assertThat(sh("kubectl logs --tail 1 -n kube-system " + pod).stdout().lines())
        .singleElement()
        .asString()
        .contains("\"Caches are synced\"");
  }
}
