package dev.ksim.datapath;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.Origins;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.node.NetnsName;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.testing.TestClusters;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterDatapathTest {
  private static final String NODE_PORTS =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web-np
      spec:
        type: NodePort
        selector:
          app: web
        ports:
        - port: 80
          targetPort: 80
          nodePort: 30080
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web-local
      spec:
        type: NodePort
        externalTrafficPolicy: Local
        selector:
          app: web
        ports:
        - port: 80
          targetPort: 80
          nodePort: 30081
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: solo
        labels: {app: solo}
      spec:
        containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: solo
      spec:
        selector: {app: solo}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: nobody
      spec:
        selector:
          app: nobody
        ports:
        - port: 80
      """;

  private static Cluster cluster;
  private static List<Pod> pods;

  @BeforeAll
  static void start() {
    cluster = TestClusters.start(yaml(deployment("web", 2), service("web"), NODE_PORTS));
    pods =
        TestClusters.pods(cluster, "default").stream()
            .filter(p -> !PodUtil.podIp(p).isEmpty())
            .filter(p -> p.getMetadata().getName().startsWith("web-"))
            .toList();
  }

  private static Trace trace(String from, String to, int port) {
    IpAddress destination = IpAddress.parse(to);
    Source source = new Origins(cluster).resolve(from, null, destination, "--from");
    ClusterDatapath datapath = cluster.datapath(Recording.MATCHED);
    datapath.resetState();
    return datapath.trace(
        source.origin(),
        Packet.first(
            Protocol.TCP, new IpPort(source.address(), 40000), new IpPort(destination, port)));
  }

  @Test
  void aPodHasANamespaceOnItsNodesBridgeWhileItExistsAndNoneAfter() {
    Cluster own = TestClusters.start(yaml(deployment("web", 1)));
    Pod pod = TestClusters.pods(own, "default").get(0);
    String name = "default/" + pod.getMetadata().getName();
    IpAddress address = IpAddress.parse(PodUtil.podIp(pod));
    NetworkNamespace node = own.namespaces().node(PodUtil.nodeName(pod));

    NetworkNamespace sandbox = own.namespaces().pod(name).orElseThrow();
    assertThat(sandbox.has("eth0", address)).isTrue();
    assertThat(node.bridgeNeighbour(address)).contains(sandbox);

    own.store().remove(ObjectKey.of(ResourceType.POD, pod));
    own.runUntilQuiet();

    assertThat(own.namespaces().pod(name)).isEmpty();
    assertThat(node.bridgeNeighbour(address)).isEmpty();
  }

  @Test
  void theNextHopOfAReplyIsFoundAsARequestsIs() {
    Pod server = pods.get(0);
    NetworkNamespace sandbox =
        cluster.namespaces().pod("default/" + server.getMetadata().getName()).orElseThrow();
    NetworkNamespace home = cluster.namespaces().node(PodUtil.nodeName(server));
    String other =
        cluster.nodeNetworks().keySet().stream()
            .filter(n -> !n.equals(home.node()))
            .findFirst()
            .orElseThrow();
    ClusterDatapath datapath = cluster.datapath(Recording.NONE);
    IpPort serverPort = new IpPort(IpAddress.parse(PodUtil.podIp(server)), 80);
    Packet reply =
        Packet.first(Protocol.TCP, new IpPort(IpAddress.parse(address(other)), 40000), serverPort)
            .reversed();

    NextHop fromPod = datapath.nextHop(sandbox, reply);
    NextHop fromNode = datapath.nextHop(home, reply);
    NextHop back = datapath.nextHop(cluster.namespaces().node(other), reply.reversed());

    assertThat(fromPod).isEqualTo(new NextHop.Namespace(home, "cni0"));
    assertThat(fromNode).isEqualTo(new NextHop.Namespace(cluster.namespaces().node(other), "eth0"));
    assertThat(back).isEqualTo(new NextHop.Namespace(home, "eth0"));
    assertThat(datapath.nextHop(home, reply.reversed()))
        .isEqualTo(new NextHop.Namespace(sandbox, "eth0"));
  }

  private static String clusterIp(String name) {
    return TestClusters.clusterIp(cluster, name);
  }

  private static Set<IpPort> podsOn(int port) {
    return pods.stream()
        .map(p -> new IpPort(IpAddress.parse(PodUtil.podIp(p)), port))
        .collect(Collectors.toSet());
  }

  private static String address(String node) {
    return cluster.nodeNetworks().get(node).addresses().get(0).address().toString();
  }

  @Test
  void aPodReachesAClusterIpThroughOneOfTheEndpoints() {
    Pod client = pods.get(0);

    Trace trace = trace("pod/default/" + client.getMetadata().getName(), clusterIp("web"), 8080);

    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(trace.candidates()).containsExactlyInAnyOrderElementsOf(podsOn(80));
    assertThat(trace.candidates()).contains(trace.endpoint());
    // only hairpin traffic (a pod reaching itself through the Service) is masqueraded
    assertThat(trace.masqueraded())
        .isEqualTo(trace.endpoint().ip().equals(IpAddress.parse(PodUtil.podIp(client))));
    Trace.Backend backend = trace.backend();
    assertThat(backend).isNotNull();
    Pod served =
        pods.stream()
            .filter(p -> p.getMetadata().getName().equals(backend.pod()))
            .findFirst()
            .orElseThrow();
    assertThat(new IpPort(IpAddress.parse(PodUtil.podIp(served)), 80)).isEqualTo(trace.endpoint());
    assertThat(trace.hops().get(0).netns())
        .isEqualTo(NetnsName.pod("default/" + client.getMetadata().getName()));
    Hop last = trace.hops().get(trace.hops().size() - 1);
    assertThat(last.netns()).isEqualTo(NetnsName.pod("default/" + backend.pod()));
    assertThat(last.node()).isEqualTo(backend.node());
    assertThat(trace.reply()).isNotNull();
    assertThat(trace.reply().returned()).as(trace.reply().summary()).isTrue();
  }

  @Test
  void aNodeReachingAClusterIpIsMasqueraded() {
    Trace trace = trace("node/k8s-node01", clusterIp("web"), 8080);

    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(trace.masqueraded()).isTrue();
  }

  @Test
  void aServiceWithoutEndpointsIsRejected() {
    Trace trace = trace("node/k8s-node01", clusterIp("nobody"), 80);

    assertThat(trace.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(trace.endpoint()).isNull();
    assertThat(trace.candidates()).isEmpty();
  }

  @Test
  void aNodePortOnAnyNodeIsMasqueradedWithPolicyCluster() {
    Trace trace = trace("203.0.113.7", address("k8s-master"), 30080);

    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(trace.candidates()).containsExactlyInAnyOrderElementsOf(podsOn(80));
    assertThat(trace.masqueraded()).isTrue();
    assertThat(trace.hops().get(0).node()).isEqualTo("k8s-master");
    // the answer goes back through k8s-master, whose conntrack undoes both translations
    assertThat(trace.reply().returned()).as(trace.reply().summary()).isTrue();
    assertThat(trace.reply().hops()).extracting(Hop::node).contains("k8s-master");
  }

  @Test
  void policyLocalDropsOnANodeWithoutALocalEndpointAndKeepsTheClientAddressElsewhere() {
    Trace onMaster = trace("203.0.113.7", address("k8s-master"), 30081);
    String podNode = PodUtil.nodeName(pods.get(0));
    Trace onPodNode = trace("203.0.113.7", address(podNode), 30081);

    assertThat(onMaster.verdict()).isEqualTo(Verdict.DROPPED);
    assertThat(onMaster.candidates()).isEmpty();
    assertThat(onPodNode.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(onPodNode.masqueraded()).isFalse();
    assertThat(onPodNode.backend()).isNotNull();
    assertThat(onPodNode.backend().node()).isEqualTo(podNode);
    assertThat(onPodNode.reply().returned()).as(onPodNode.reply().summary()).isTrue();
  }

  @Test
  void aPortNothingListensOnIsRefusedWithoutTranslation() {
    Pod target = pods.get(1);

    Trace trace = trace("203.0.113.7", PodUtil.podIp(target), 81);

    assertThat(trace.verdict()).isEqualTo(Verdict.REFUSED);
    assertThat(trace.endpoint()).isNull();
    assertThat(trace.backend()).isNull();
  }

  @Test
  void anAddressInAPodRangeThatNoPodHoldsIsUnreachable() {
    Trace trace = trace("203.0.113.7", "10.244.1.250", 80);

    assertThat(trace.verdict()).isEqualTo(Verdict.UNREACHABLE);
  }

  @Test
  void sourcesAreClassifiedAsKubeProxysTestsDo() {
    Origins origins = new Origins(cluster);
    IpAddress service = IpAddress.parse(clusterIp("web"));
    Pod pod = pods.get(0);
    String node = PodUtil.nodeName(pod);

    assertThat(origins.resolve(address(node), null, service, "f").origin())
        .isEqualTo(new Origin.NodeProcess(node));
    assertThat(origins.resolve(PodUtil.podIp(pod), null, service, "f").origin())
        .isEqualTo(new Origin.PodClient(node, "default/" + pod.getMetadata().getName()));
    assertThat(origins.resolve("127.0.0.1", "k8s-node02", service, "f").origin())
        .isEqualTo(new Origin.NodeProcess("k8s-node02"));
    assertThat(origins.resolve("203.0.113.7", null, IpAddress.parse(address("k8s-node02")), "f"))
        .extracting(Source::origin)
        .isEqualTo(new Origin.External("k8s-node02"));
    assertThat(origins.resolve("203.0.113.7", null, service, "f").origin())
        .isEqualTo(new Origin.External("k8s-master"));
  }

  @Test
  void aPodReachingItselfThroughItsServiceIsMasqueradedToItsBridgeAndAnswered() {
    Pod solo =
        TestClusters.pods(cluster, "default").stream()
            .filter(p -> p.getMetadata().getName().equals("solo"))
            .findFirst()
            .orElseThrow();
    String node = PodUtil.nodeName(solo);

    Trace trace = trace("pod/default/solo", clusterIp("solo"), 80);

    assertThat(trace.endpoint()).isEqualTo(new IpPort(IpAddress.parse(PodUtil.podIp(solo)), 80));
    assertThat(trace.masqueraded()).isTrue();
    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(trace.reply().returned()).as(trace.reply().summary()).isTrue();
    // hairpin: the pod sees the connection come from its node's bridge address, the gateway
    String gateway =
        cluster
            .nodeNetworks()
            .get(node)
            .kernel()
            .interfaces()
            .get("cni0")
            .get(0)
            .address()
            .toString();
    assertThat(trace.reply().hops().get(0).steps().get(0))
        .isInstanceOf(Step.Originated.class)
        .extracting(st -> ((Step.Originated) st).destination().ip().toString())
        .isEqualTo(gateway);
  }
}
