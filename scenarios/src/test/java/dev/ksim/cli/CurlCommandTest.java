package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CurlCommandTest {
  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: web
              image: nginx:1.27
              ports: [{containerPort: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: spread}
      spec:
        clusterIP: 10.96.100.1
        selector: {app: web}
        ports: [{port: 8080, targetPort: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: sticky}
      spec:
        clusterIP: 10.96.100.2
        sessionAffinity: ClientIP
        selector: {app: web}
        ports: [{port: 8080, targetPort: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: local}
      spec:
        type: NodePort
        externalTrafficPolicy: Local
        selector: {app: web}
        ports: [{port: 80, nodePort: 30080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: lb}
      spec:
        type: LoadBalancer
        loadBalancerSourceRanges: [203.0.113.0/25]
        selector: {app: web}
        ports: [{port: 80}]
      """;

  @TempDir Path dir;

  private String app() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, APP);
    return file.toString();
  }

  private static Set<String> answers(String out) {
    return Arrays.stream(out.split("\n"))
        .filter(l -> l.matches(" +[0-9]+  pod .*"))
        .collect(Collectors.toSet());
  }

  @Test
  void requestsToAClusterIpSpreadOverTheEndpoints() throws Exception {
    KsimCommandTest.Run run =
        ksim("curl", "-f", app(), "http://10.96.100.1:8080/", "--count", "20");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(answers(run.out())).hasSize(2);
    assertThat(run.out()).contains("20 requests:");
  }

  @Test
  void aRunOfRequestsNeverReusesAPortStillInTimeWait() throws Exception {
    KsimCommandTest.Run run =
        ksim("curl", "-v", "-f", app(), "http://10.96.100.1:8080/", "--count", "130");

    // 130 requests 10 ms apart all fall inside TIME_WAIT (60 s): the kernel gives every one a
    // port of its own, never one whose connection to this destination is still in TIME_WAIT.
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> summaries =
        Arrays.stream(run.out().split("\n")).filter(l -> l.startsWith("tcp ")).toList();
    assertThat(summaries)
        .hasSize(130)
        .allMatch(l -> l.matches(".* verdict DELIVERED +endpoint 10\\.244\\.[0-9.]+:80 .*"));
    assertThat(summaries.stream().map(l -> l.split(" ")[1]).distinct()).hasSize(130);
  }

  @Test
  void anIntervalThatIsNotADurationIsRefused() throws Exception {
    KsimCommandTest.Run run =
        ksim("curl", "-f", app(), "http://10.96.100.1:8080/", "--interval", "soon");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--interval");
  }

  @Test
  void sessionAffinitySendsEveryRequestToOnePod() throws Exception {
    KsimCommandTest.Run run = ksim("curl", "-f", app(), "10.96.100.2:8080", "--count", "20");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(answers(run.out())).singleElement().asString().contains("20  pod default/web-");
  }

  @Test
  void aNodePortWithPolicyLocalTimesOutOnANodeWithoutALocalPod() throws Exception {
    KsimCommandTest.Run run =
        ksim("curl", "-f", app(), "--from", "203.0.113.9", "192.168.80.100:30080");

    assertThat(run.out())
        .isEqualTo(
            "curl: (28) Failed to connect to 192.168.80.100 port 30080 after 127000 ms: Couldn't"
                + " connect to server\n");
  }

  @Test
  void theLoadBalancerAddressFromThePoolAnswersOnlyClientsInItsSourceRanges() throws Exception {
    assertThat(ksim("kubectl", "-f", app(), "--", "get", "svc", "lb").out())
        .as("without a load balancer, as on kubeadm")
        .contains("<pending>");
    String pool = "192.168.80.240/29";
    String allowed =
        ksim("curl", "-f", app(), "--lb-pool", pool, "--from", "203.0.113.9", "192.168.80.240")
            .out();
    String blocked =
        ksim("curl", "-f", app(), "--lb-pool", pool, "--from", "203.0.113.200", "192.168.80.240")
            .out();

    assertThat(allowed).contains("<h1>Welcome to nginx!</h1>");
    assertThat(blocked)
        .isEqualTo(
            "curl: (28) Failed to connect to 192.168.80.240 port 80 after 127000 ms: Couldn't"
                + " connect to server\n");
  }

  @Test
  void kubectlExecCurlAnswersAsCurlInThatPod() throws Exception {
    String pod =
        ksim("kubectl", "-f", app(), "--", "get", "pods", "-o", "name")
            .out()
            .lines()
            .findFirst()
            .orElseThrow()
            .substring("pod/".length());

    KsimCommandTest.Run ok =
        ksim(
            "kubectl",
            "-f",
            app(),
            "--",
            "exec",
            "-it",
            pod,
            "--",
            "curl",
            "-s",
            "10.96.100.1:8080");
    KsimCommandTest.Run refused =
        ksim("kubectl", "-f", app(), "--", "exec", pod, "--", "curl", "10.96.100.1:9999");

    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("<h1>Welcome to nginx!</h1>");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "curl: (7) Failed to connect to 10.96.100.1 port 9999 after 0 ms: Couldn't connect to"
                + " server")
        .contains("command terminated with exit code 7");
  }

  @Test
  void aNameIsResolvedFromTheClientsResolvConfFirst() throws Exception {
    KsimCommandTest.Run pods = ksim("kubectl", "-f", app(), "--", "get", "pods", "-o", "name");
    String pod = pods.out().lines().findFirst().orElseThrow().substring("pod/".length());

    KsimCommandTest.Run byShortName =
        ksim("curl", "-f", app(), "--from", "pod/" + pod, "http://spread:8080/");
    KsimCommandTest.Run fromNode = ksim("curl", "-f", app(), "http://spread:8080/");
    KsimCommandTest.Run unknown =
        ksim("curl", "-f", app(), "--from", "pod/" + pod, "http://nosuch:8080/");

    assertThat(byShortName.exit()).as(byShortName.err()).isZero();
    assertThat(byShortName.out()).contains("<h1>Welcome to nginx!</h1>");
    // a node's resolv.conf points outside the cluster: cluster names do not resolve there
    assertThat(fromNode.exit()).isEqualTo(6);
    assertThat(fromNode.err()).contains("curl: (6) Could not resolve host: spread");
    assertThat(unknown.err()).contains("Could not resolve host: nosuch");
  }

  @Test
  void anAgnhostPodShowsTheClientAddressItSawAfterMasquerading() throws Exception {
    Path file = dir.resolve("agnhost.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: netexec, labels: {app: netexec}}
        spec:
          nodeName: k8s-node02
          containers:
          - {name: netexec, image: "registry.k8s.io/e2e-test-images/agnhost:2.53", args: [netexec]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: netexec}
        spec:
          type: NodePort
          selector: {app: netexec}
          ports: [{port: 8080, nodePort: 30090}]
        """);

    KsimCommandTest.Run viaNodePort =
        ksim(
            "curl",
            "-f",
            file.toString(),
            "--from",
            "203.0.113.9",
            "http://192.168.80.101:30090/clientip");

    // kube-proxy masquerades NodePort traffic that leaves the node it entered: the pod sees node01
    assertThat(viaNodePort.out()).startsWith("192.168.80.101:");
  }

  @Test
  void aRefusedConnectionToAnUnknownImageHintsAtTheAnnotations() throws Exception {
    Path file = dir.resolve("mystery.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: mystery}
        spec:
          containers: [{name: app, image: example.com/mystery:1}]
        """);
    String pod =
        ksim("kubectl", "-f", file.toString(), "--", "get", "pod", "mystery", "-o", "wide").out();
    String ip = pod.lines().skip(1).findFirst().orElseThrow().split(" +")[5];

    KsimCommandTest.Run refused = ksim("curl", "-f", file.toString(), "http://" + ip + ":8080/");

    assertThat(refused.out()).contains("curl: (7) Failed to connect to " + ip + " port 8080");
    assertThat(refused.err()).contains("ksim.dev/listen", "ksim.dev/response", "--images");
  }
}
