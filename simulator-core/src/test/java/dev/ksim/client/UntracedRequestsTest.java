package dev.ksim.client;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.conntrack.ConntrackWriter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.testing.TestClusters;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request whose trace nobody reads (no hop recorded) comes to what the traced request's trace
 * says, and leaves every kernel as the traced one does: the same connection tracking and counters.
 * Two clusters of the same input and seed get the same requests, one traced, one not.
 */
@Timeout(120)
class UntracedRequestsTest {
  private static final String SERVICES =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web-np}
      spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, nodePort: 30080}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web-local}
      spec:
        {type: NodePort, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, nodePort: 30081}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: nobody}
      spec: {selector: {app: nobody}, ports: [{port: 80}]}
      ---
      # no clusterCIDR: a client outside the cluster reaching a ClusterIP is not masqueraded
      apiVersion: kubeproxy.config.k8s.io/v1alpha1
      kind: KubeProxyConfiguration
      mode: iptables
      """;

  private static Cluster traced;
  private static Cluster untraced;

  @BeforeAll
  static void start() {
    String input = yaml(deployment("web", 3), service("web"), SERVICES);
    traced = TestClusters.start(input);
    untraced = TestClusters.start(input);
  }

  /** The outcomes of three requests from {@code from} to {@code to}, traced and not. */
  private static List<PacketOutcome> compared(String from, String to, int port) {
    return compared(traced, untraced, from, to, port);
  }

  /**
   * The outcomes of three requests from {@code from} to {@code to}, sent traced to {@code traced}
   * and untraced to {@code untraced}, after checking that both came to the same and left the same.
   */
  private static List<PacketOutcome> compared(
      Cluster traced, Cluster untraced, String from, String to, int port) {
    IpPort target = new IpPort(IpAddress.parse(to), port);
    List<Request> tracedRequests = requests(traced, from, target, true);
    List<Request> untracedRequests = requests(untraced, from, target, false);

    assertThat(untracedRequests).extracting(Request::trace).containsOnlyNulls();
    List<PacketOutcome> outcomes =
        untracedRequests.stream().map(r -> Objects.requireNonNull(r.outcome())).toList();
    assertThat(outcomes)
        .isEqualTo(
            tracedRequests.stream().map(r -> Objects.requireNonNull(r.trace()).outcome()).toList());
    assertThat(kernels(untraced)).isEqualTo(kernels(traced));
    return outcomes;
  }

  private static List<Request> requests(
      Cluster cluster, String from, IpPort target, boolean traced) {
    List<Request> requests = new ArrayList<>();
    // as ksim curl runs them: rules recorded for a trace that is shown, none without one
    new Client(cluster, traced ? Recording.MATCHED : Recording.NONE, from, null)
        .requests(target, 3, Client.DEFAULT_INTERVAL, traced, requests::add);
    return requests;
  }

  /**
   * Every namespace's connection tracking and rule counters, as conntrack -L and iptables-save -c.
   */
  private static List<String> kernels(Cluster cluster) {
    List<String> texts = new ArrayList<>();
    for (NetworkNamespace namespace : cluster.namespaces().namespaces()) {
      Netfilter kernel = namespace.kernel();
      long now = kernel.nowMillis();
      texts.add(
          namespace.node()
              + " "
              + namespace.name()
              + "\n"
              + ConntrackWriter.list(kernel.conntrack().entries(now), now)
              + IptablesSaveWriter.save(
                  kernel.ruleset(IpFamily.IPV4), null, kernel.counters(IpFamily.IPV4), false));
    }
    return texts;
  }

  private static String clusterIp(String name) {
    return TestClusters.clusterIp(traced, name);
  }

  private static String nodeAddress(String node) {
    return traced.nodeNetworks().get(node).addresses().get(0).address().toString();
  }

  private static Pod web(int index) {
    return TestClusters.pods(traced, "default").stream()
        .filter(p -> p.getMetadata().getName().startsWith("web-"))
        .toList()
        .get(index);
  }

  @Test
  void aPodsRequestsToAServiceComeToTheSameAnswersAcrossNodes() {
    List<PacketOutcome> outcomes =
        compared("pod/default/" + web(0).getMetadata().getName(), clusterIp("web"), 8080);

    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.verdict()).isEqualTo(Verdict.DELIVERED);
              assertThat(o.answer()).isEqualTo(PacketOutcome.Answer.RETURNED);
              assertThat(Objects.requireNonNull(o.receiver()).pod()).startsWith("web-");
            });
    assertThat(outcomes)
        .extracting(o -> Objects.requireNonNull(o.receiver()).node())
        .anyMatch(node -> !node.equals(PodUtil.nodeName(web(0))));
  }

  /**
   * In ipvs and nftables mode too (their own first-packet paths: IPVS's scheduler and connection
   * table, nftables' maps), a request across nodes, a NodePort from outside and a Service without
   * endpoints come to what their traces say and leave the same kernels.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ipvs", "nftables"})
  void theOtherModesComeToTheSameAsTheirTraces(String mode) {
    String input = yaml(deployment("web", 3), service("web"), SERVICES.replace("iptables", mode));
    Cluster tracedInMode = TestClusters.start(input);
    Cluster untracedInMode = TestClusters.start(input);
    String from =
        "pod/default/"
            + TestClusters.pods(tracedInMode, "default").stream()
                .filter(p -> p.getMetadata().getName().startsWith("web-"))
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getName();

    assertThat(
            compared(
                tracedInMode,
                untracedInMode,
                from,
                TestClusters.clusterIp(tracedInMode, "web"),
                8080))
        .extracting(PacketOutcome::verdict)
        .containsOnly(Verdict.DELIVERED);
    assertThat(
            compared(tracedInMode, untracedInMode, "203.0.113.7", nodeAddress("k8s-master"), 30080))
        .extracting(PacketOutcome::verdict)
        .containsOnly(Verdict.DELIVERED);
    compared(
        tracedInMode,
        untracedInMode,
        "node/k8s-node01",
        TestClusters.clusterIp(tracedInMode, "nobody"),
        80);
  }

  @Test
  void aNodePortFromOutsideIsMasqueradedAsTheTraceSays() {
    List<PacketOutcome> outcomes = compared("203.0.113.7", nodeAddress("k8s-master"), 30080);

    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.verdict()).isEqualTo(Verdict.DELIVERED);
              assertThat(Objects.requireNonNull(o.peers()).client().ip())
                  .isNotEqualTo(IpAddress.parse("203.0.113.7"));
            });
  }

  @Test
  void aServiceWithoutEndpointsRejectsBoth() {
    assertThat(compared("node/k8s-node01", clusterIp("nobody"), 80))
        .extracting(PacketOutcome::verdict, PacketOutcome::answer)
        .containsOnly(tuple(Verdict.REJECTED, PacketOutcome.Answer.NONE));
  }

  @Test
  void aPortNothingListensOnIsRefusedByTheSamePod() {
    Pod pod = web(1);

    List<PacketOutcome> outcomes = compared("203.0.113.7", PodUtil.podIp(pod), 81);

    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.verdict()).isEqualTo(Verdict.REFUSED);
              assertThat(o.receiver())
                  .isEqualTo(
                      new Trace.Backend(
                          "default", pod.getMetadata().getName(), PodUtil.nodeName(pod)));
            });
  }

  @Test
  void policyLocalDropsOnANodeWithoutALocalEndpoint() {
    assertThat(compared("203.0.113.7", nodeAddress("k8s-master"), 30081))
        .extracting(PacketOutcome::verdict)
        .containsOnly(Verdict.DROPPED);
  }

  @Test
  void anAnswerFromAPodOnAnotherNodeToAnUnmasqueradedClientOutsideIsLost() {
    // the pod answers from its own address, which the client did not send to
    assertThat(compared("203.0.113.7", clusterIp("web"), 8080))
        .extracting(PacketOutcome::verdict, PacketOutcome::answer)
        .containsOnly(tuple(Verdict.DELIVERED, PacketOutcome.Answer.LOST));
  }
}
