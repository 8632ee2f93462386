package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which endpoints kube-proxy writes for each traffic policy, after upstream's
 * TestCategorizeEndpoints (pkg/proxy/topology_test.go) and BaseServicePortInfo's
 * UsesClusterEndpoints/UsesLocalEndpoints (pkg/proxy/serviceport.go).
 */
class TopologyTest {
  private static final EndpointInfo HERE = endpoint("10.244.1.2", true);
  private static final EndpointInfo THERE = endpoint("10.244.2.2", false);

  private static EndpointInfo endpoint(String ip, boolean local) {
    return new EndpointInfo(new IpPort(IpAddress.parse(ip), 8080), true, true, false, local);
  }

  private static ServicePortInfo port(
      int nodePort, boolean internalPolicyLocal, boolean externalPolicyLocal) {
    return new ServicePortInfo(
        new ServicePortName("default", "web", "http", Protocol.TCP),
        IpAddress.parse("10.96.0.10"),
        80,
        nodePort,
        List.of(),
        List.of(),
        List.of(),
        0,
        internalPolicyLocal,
        externalPolicyLocal,
        0);
  }

  @Test
  void bothPoliciesLocalOnAPortReachableFromOutsideStillUseTheClusterEndpoints() {
    // upstream: "Even if the external traffic policy is Local, we need Cluster endpoints to
    // implement short circuiting" (pod traffic to an external address goes to KUBE-SVC-)
    ServicePortInfo port = port(30080, true, true);

    Topology topology = Topology.categorize(port, List.of(HERE, THERE));

    assertThat(port.usesClusterEndpoints()).isTrue();
    assertThat(topology.clusterEndpoints()).containsExactly(HERE, THERE);
    assertThat(topology.localEndpoints()).containsExactly(HERE);
    assertThat(topology.allReachable()).containsExactly(HERE, THERE);
  }

  @Test
  void anInternalLocalPolicyOnAClusterIpOnlyPortUsesOnlyTheLocalEndpoints() {
    ServicePortInfo port = port(0, true, false);

    Topology topology = Topology.categorize(port, List.of(HERE, THERE));

    assertThat(port.usesClusterEndpoints()).isFalse();
    assertThat(topology.clusterEndpoints()).isEmpty();
    assertThat(topology.allReachable()).containsExactly(HERE);
  }

  @Test
  void anExternalLocalPolicyKeepsTheClusterEndpointsForInternalTraffic() {
    ServicePortInfo port = port(30080, false, true);

    Topology topology = Topology.categorize(port, List.of(HERE, THERE));

    assertThat(topology.clusterEndpoints()).containsExactly(HERE, THERE);
    assertThat(topology.localEndpoints()).containsExactly(HERE);
  }
}
