package dev.ksim.client;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.node.NodeNetwork;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node process's connection takes its source address from the route to the destination, as the
 * kernel's source selection does ({@code ip route get} on a node shows the same): a pod on the node
 * is reached over the bridge, so the source is the bridge's address; anything reached over the
 * uplink gets the node's own address.
 */
@Timeout(120)
class SourceAddressTest {
  private static Cluster cluster;
  private static Pod pod;

  @BeforeAll
  static void start() {
    cluster = TestClusters.start(yaml(deployment("web", 1), service("web")));
    pod =
        TestClusters.pods(cluster, "default").stream()
            .filter(p -> p.getMetadata().getName().startsWith("web-"))
            .filter(p -> !PodUtil.podIp(p).isEmpty())
            .findFirst()
            .orElseThrow();
  }

  private static IpAddress source(String node, IpAddress destination) {
    return new Origins(cluster).resolve("node/" + node, null, destination, "--from").address();
  }

  private static IpAddress first(NodeNetwork network, String device) {
    return network.namespace().addresses(device).stream()
        .map(InterfaceAddress::address)
        .filter(IpAddress::isV4)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aLocalPodIsReachedFromTheBridgeAddress() {
    String node = PodUtil.nodeName(pod);
    NodeNetwork network = Objects.requireNonNull(cluster.nodeNetworks().get(node));
    IpAddress podIp = IpAddress.parse(PodUtil.podIp(pod));

    assertThat(source(node, podIp))
        .isEqualTo(first(network, NodeNetwork.BRIDGE))
        .isNotEqualTo(first(network, NodeNetwork.UPLINK));
  }

  @Test
  void aServiceOrAnotherNodeIsReachedFromTheUplinkAddress() {
    String node = PodUtil.nodeName(pod);
    NodeNetwork network = Objects.requireNonNull(cluster.nodeNetworks().get(node));
    String other =
        cluster.nodeNetworks().keySet().stream()
            .filter(n -> !n.equals(node))
            .findFirst()
            .orElseThrow();
    IpAddress otherNode =
        first(Objects.requireNonNull(cluster.nodeNetworks().get(other)), NodeNetwork.UPLINK);

    assertThat(source(node, IpAddress.parse("10.96.0.1")))
        .isEqualTo(first(network, NodeNetwork.UPLINK));
    assertThat(source(node, otherNode)).isEqualTo(first(network, NodeNetwork.UPLINK));
  }
}
