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
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: empty}
      spec:
        clusterIP: 10.96.100.2
        selector: {app: none}
        ports: [{port: 80}]
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
    String node = "10\\.244\\.1\\.1\\.\\d+"; // masqueraded to cni0's address
    String tail = ", win \\d+, options \\[nop,nop,TS val \\d+ ecr \\d+\\], length ";
    List<String> lines = curl.stdout().lines().filter(l -> l.contains(" IP ")).toList();
    assertThat(curl.stdout()).contains("Welcome to nginx!");
    String out = TIME + "cni0  Out IP " + node + " > " + pod + "\\.80: ";
    String in = TIME + "cni0  In  IP " + pod + "\\.80 > " + node + ": ";
    // the whole exchange, as recorded with curl and an nginx-like server (README.md)
    assertThat(lines)
        .hasSize(10)
        .satisfiesExactly(
            syn -> assertThat(syn).matches(out + SYN),
            synAck -> assertThat(synAck).matches(in + SYN_ACK),
            ack -> assertThat(ack).matches(out + "Flags \\[\\.\\], ack 1" + tail + "0"),
            request ->
                assertThat(request)
                    .matches(
                        out
                            + "Flags \\[P\\.\\], seq 1:\\d+, ack 1"
                            + tail
                            + "\\d+: HTTP: GET / HTTP/1\\.1"),
            requestAck ->
                assertThat(requestAck).matches(in + "Flags \\[\\.\\], ack \\d+" + tail + "0"),
            response ->
                assertThat(response)
                    .matches(
                        in
                            + "Flags \\[P\\.\\], seq 1:\\d+, ack \\d+"
                            + tail
                            + "\\d+: HTTP: HTTP/1\\.1 200 OK"),
            responseAck ->
                assertThat(responseAck).matches(out + "Flags \\[\\.\\], ack \\d+" + tail + "0"),
            fin ->
                assertThat(fin).matches(out + "Flags \\[F\\.\\], seq \\d+, ack \\d+" + tail + "0"),
            finAck ->
                assertThat(finAck)
                    .matches(in + "Flags \\[F\\.\\], seq \\d+, ack \\d+" + tail + "0"),
            lastAck -> assertThat(lastAck).matches(out + "Flags \\[\\.\\], ack \\d+" + tail + "0"));
    assertThat(curl.stderr())
        .isEqualTo(
            "10 packets captured\n10 packets received by filter\n0 packets dropped by kernel\n");
    assertThat(sh("node/k8s-node01", "curl -s 10.96.100.1:8080").stdout())
        .as("the capture ended with the command after it")
        .doesNotContain("Flags");
  }

  @Test
  void theRequestsLengthIsTheBytesCurlSent() {
    sh("node/k8s-node01", "tcpdump -i cni0 -nn tcp");

    CommandResult curl = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    String request =
        "GET / HTTP/1.1\r\nHost: 10.96.100.1:8080\r\nUser-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\n\r\n";
    assertThat(curl.stdout()).contains("length " + request.length() + ": HTTP: GET / HTTP/1.1");
  }

  @Test
  void aClosedPortAnswersWithAReset() {
    sh("node/k8s-node01", "tcpdump -i eth0 -nn tcp");

    CommandResult refused = sh("node/k8s-node01", "curl -s 192.168.80.102:81");

    assertThat(refused.stdout().lines())
        .satisfiesExactly(
            syn ->
                assertThat(syn)
                    .matches(
                        TIME
                            + "IP 192\\.168\\.80\\.101\\.(\\d+) > 192\\.168\\.80\\.102\\.81: "
                            + SYN),
            reset ->
                assertThat(reset)
                    .matches(
                        TIME
                            + "IP 192\\.168\\.80\\.102\\.81 > 192\\.168\\.80\\.101\\.\\d+: Flags \\[R\\.\\],"
                            + " seq 0, ack \\d+, win 0, length 0"));
  }

  @Test
  void aServiceWithoutEndpointsAnswersWithAnIcmpErrorFromThePodsGateway() {
    sh("pod/default/web", "tcpdump -i eth0 -nn");

    CommandResult empty = sh("pod/default/web", "curl -s 10.96.100.2");

    assertThat(empty.stdout().lines())
        .satisfiesExactly(
            syn ->
                assertThat(syn)
                    .matches(TIME + "IP " + POD + "\\.\\d+ > 10\\.96\\.100\\.2\\.80: " + SYN),
            error ->
                assertThat(error)
                    .matches(
                        TIME
                            + "IP 10\\.244\\.1\\.1 > "
                            + POD
                            + ": ICMP 10\\.96\\.100\\.2 tcp port 80 unreachable, length 68"));
  }

  @Test
  void digsQueryAndCoreDnsAnswerReadAsTcpdumpDecodesDns() {
    sh("pod/default/web", "tcpdump -i eth0 -nn udp port 53");

    CommandResult dig = sh("pod/default/web", "dig kubernetes.default.svc.cluster.local");

    assertThat(dig.stdout())
        .containsPattern(
            TIME
                + "IP "
                + POD
                + "\\.(\\d+) > 10\\.96\\.0\\.10\\.53: (\\d+)\\+ \\[1au\\] A\\?"
                + " kubernetes\\.default\\.svc\\.cluster\\.local\\. \\(77\\)\n")
        .containsPattern(
            TIME
                + "IP 10\\.96\\.0\\.10\\.53 > "
                + POD
                + "\\.\\d+: \\d+\\*- 1/0/1 A 10\\.96\\.0\\.1 \\(\\d+\\)\n");
  }

  @Test
  void pingsEchoesAndTheirRepliesCrossTheBridge() {
    sh("node/k8s-node01", "tcpdump -i cni0 -nn icmp");

    CommandResult ping = sh("node/k8s-node01", "ping -c 2 10.96.100.1");
    String pod = "10.244.1.2"; // node01's first pod address
    sh("node/k8s-node01", "tcpdump -i cni0 -nn icmp");
    CommandResult direct = sh("node/k8s-node01", "ping -c 2 " + pod);

    assertThat(ping.stdout())
        .as("nothing owns a ClusterIP in iptables mode")
        .doesNotContain("ICMP");
    assertThat(direct.stdout().lines().filter(l -> l.contains("ICMP")))
        .satisfiesExactly(
            request ->
                assertThat(request)
                    .matches(
                        TIME
                            + "IP [0-9.]+ > "
                            + pod.replace(".", "\\.")
                            + ": ICMP echo request, id (\\d+), seq 1, length 64"),
            reply ->
                assertThat(reply)
                    .matches(
                        TIME
                            + "IP "
                            + pod.replace(".", "\\.")
                            + " > [0-9.]+: ICMP echo reply, id \\d+, seq 1, length 64"),
            request -> assertThat(request).contains("echo request").contains("seq 2"),
            reply -> assertThat(reply).contains("echo reply").contains("seq 2"));
  }

  @Test
  void aCountBoundsTheCapture() {
    sh("node/k8s-node01", "tcpdump -nn -c 3 -i cni0 tcp");

    CommandResult first = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");
    CommandResult second = sh("node/k8s-node01", "curl -s 10.96.100.1:8080");

    assertThat(first.stdout().lines().filter(l -> l.contains("Flags")))
        .satisfiesExactly(
            syn -> assertThat(syn).contains("Flags [S]"),
            synAck -> assertThat(synAck).contains("Flags [S.]"),
            ack -> assertThat(ack).contains("Flags [.], ack 1,"));
    assertThat(first.stderr()).startsWith("3 packets captured\n");
    assertThat(second.stdout()).doesNotContain("Flags");
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
