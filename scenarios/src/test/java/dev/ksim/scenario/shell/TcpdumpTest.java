package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * tcpdump on a node and in a pod: what the next commands send through the namespace, in the line
 * format of tcpdump 4.99.3 as recorded in golden/tcpdump-4.99/README.md.
 */
@Timeout(120)
class TcpdumpTest {
  private static final String APP =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        nodeName: k8s-node01
        containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        clusterIP: 10.96.100.1
        selector: {app: web}
        ports: [{port: 8080, targetPort: 80}]
      """;

  private static final String SYN =
      "Flags \\[S\\], seq \\d+, win 64240, options \\[mss 1460,sackOK,TS val \\d+ ecr 0,nop,wscale"
          + " 7\\], length 0";
  private static final String SYN_ACK =
      "Flags \\[S\\.\\], seq \\d+, ack \\d+, win 65160, options \\[mss 1460,sackOK,TS val \\d+ ecr"
          + " \\d+,nop,wscale 7\\], length 0";
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ";

  private final Cluster cluster =
      Cluster.start(ManifestLoader.parse("app.yaml", APP), ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String where, String line) {
    return shell.runLine(where, line).output();
  }

  /** The pod's address: the only one in node01's pod range the test's pods take. */
  private static final String POD = "10\\.244\\.\\d+\\.\\d+";

  @Test
  void aCaptureOnTheNodeShowsTheNextCurlsPacketsAfterDnat() {
    CommandResult started = sh("node/k8s-node01", "tcpdump -i any -nn port 80");
    assertThat(started.exitCode()).isZero();
    assertThat(started.stdout()).isEmpty();
    assertThat(started.stderr())
        .isEqualTo(
            "tcpdump: data link type LINUX_SLL2\n"
                + "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
                + "listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length"
                + " 262144 bytes\n");

    CommandResult curl = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    String pod = POD;
    List<String> lines = curl.stdout().lines().filter(l -> l.contains(" IP ")).toList();
    assertThat(curl.stdout()).contains("Welcome to nginx!");
    assertThat(lines)
        .hasSize(2)
        .satisfiesExactly(
            syn ->
                assertThat(syn).matches(TIME + "cni0  Out IP [0-9.]+ > " + pod + "\\.80: " + SYN),
            synAck ->
                assertThat(synAck)
                    .matches(TIME + "cni0  In  IP " + pod + "\\.80 > [0-9.]+: " + SYN_ACK));
    assertThat(curl.stderr())
        .isEqualTo(
            "2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n");
    assertThat(sh("node/k8s-node01", "curl -s 10.96.100.1:8080").stdout())
        .as("the capture ended with the command after it")
        .doesNotContain("Flags");
  }

  @Test
  void aCountBoundsTheCaptureAcrossCommands() {
    sh("node/k8s-node01", "tcpdump -nn -c 3 -i cni0 tcp");

    CommandResult first = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");
    CommandResult second = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    assertThat(first.stdout()).containsPattern(TIME + "IP \\S+ > \\S+: Flags \\[S\\]");
    assertThat(first.stderr()).isEmpty();
    assertThat(second.stdout().lines().filter(l -> l.contains("Flags"))).hasSize(1);
    assertThat(second.stderr()).startsWith("3 packets captured\n");
  }

  @Test
  void aFilterThatMatchesNothingCapturesNothing() {
    sh("node/k8s-node01", "tcpdump -i any -nn 'udp or (tcp and port 81)'");

    CommandResult curl = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    assertThat(curl.stdout()).doesNotContain("Flags");
    assertThat(curl.stderr()).startsWith("0 packets captured\n");
  }

  @Test
  void aCaptureInThePodSeesTheClientAfterNothingButItsOwnAddress() {
    sh("", "kubectl exec web -- tcpdump -i eth0 -nn dst port 80 or src port 80");

    CommandResult curl = sh("node/k8s-node02", "curl -s 10.96.100.1:8080");

    String pod = POD;
    assertThat(curl.stdout())
        .containsPattern(TIME + "IP 192\\.168\\.80\\.102\\.\\d+ > " + pod + "\\.80: " + SYN)
        .containsPattern(TIME + "IP " + pod + "\\.80 > 192\\.168\\.80\\.102\\.\\d+: " + SYN_ACK);
  }

  @Test
  void timeoutBoundsTheCaptureInSimulatedTime() {
    sh("node/k8s-node02", "iptables -I INPUT -p tcp --dport 10250 -j DROP");
    sh("node/k8s-node01", "timeout 5 tcpdump -i any -nn -c 100 tcp");

    CommandResult dropped = sh("node/k8s-node01", "curl -s -m 10 192.168.80.102:10250");
    CommandResult after = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    assertThat(dropped.stdout())
        .containsPattern(
            TIME
                + "eth0  Out IP 192\\.168\\.80\\.101\\.\\d+ > 192\\.168\\.80\\.102\\.10250: "
                + SYN);
    assertThat(dropped.stderr())
        .isEqualTo("1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n");
    assertThat(after.stdout()).doesNotContain("Flags");
  }

  @Test
  void anUnknownInterfaceOrOptionIsRefused() {
    assertThat(sh("node/k8s-node01", "tcpdump -i eth9").stderr())
        .startsWith("tcpdump: eth9: No such device exists");
    ShellResult option = shell.runLine("node/k8s-node01", "tcpdump -w /tmp/x.pcap");
    assertThat(option.unsupported()).isTrue();
    assertThat(option.output().stderr()).contains("option -w");
    assertThat(sh("node/k8s-node01", "tcpdump port http").exitCode()).isEqualTo(2);
  }
}
