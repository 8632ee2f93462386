package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsMapTest {
  private static final ServicePortName PORT =
      new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);

  private static final EndpointSlice SLICE =
      Svc1.slice("svc1-a")
          .addNewEndpoint()
          .withAddresses("10.180.0.1")
          .withNodeName("node-a")
          .endEndpoint()
          .addNewEndpoint()
          .withAddresses("10.180.0.2")
          .withNodeName("node-b")
          .endEndpoint()
          .build();

  /** A node's tracker and map after it heard of {@code slice} ({@code removed}: and its delete). */
  private static EndpointsMap heard(String node, boolean removed) {
    EndpointsChangeTracker changes = new EndpointsChangeTracker(IpFamily.IPV4, node);
    EndpointsMap map = new EndpointsMap(node);
    changes.endpointSliceUpdate(SLICE, false);
    map.update(changes);
    if (removed) {
      changes.endpointSliceUpdate(SLICE, true);
      map.update(changes);
    }
    return map;
  }

  private static List<EndpointInfo> notLocal(List<EndpointInfo> endpoints) {
    return endpoints.stream()
        .map(e -> new EndpointInfo(e.address(), e.ready(), e.serving(), e.terminating(), false))
        .toList();
  }

  @Test
  void aNodeSeesItsOwnEndpointsAsLocal() {
    assertThat(heard("node-a", false).endpoints(PORT))
        .extracting(EndpointInfo::local)
        .containsExactly(true, false);
    assertThat(heard("node-b", false).endpoints(PORT))
        .extracting(EndpointInfo::local)
        .containsExactly(false, true);
  }

  @Test
  void offNodeEndpointsAreEveryNodesOwnWithoutLocalInOneListForAllNodes() {
    EndpointsMap onA = heard("node-a", false);
    EndpointsMap onB = heard("node-b", false);
    EndpointsMap onC = heard("node-c", false);

    assertThat(onA.endpointsOffNode(PORT))
        .isEqualTo(notLocal(onA.endpoints(PORT)))
        .isEqualTo(notLocal(onB.endpoints(PORT)))
        .isEqualTo(onC.endpoints(PORT))
        .hasSize(2);
    assertThat(onA.endpointsOffNode(PORT))
        .isSameAs(onB.endpointsOffNode(PORT))
        .isSameAs(onC.endpointsOffNode(PORT));
  }

  @Test
  void aNodeSeesASliceChangedAfterItLookedAtTheEndpoints() {
    EndpointsChangeTracker changes = new EndpointsChangeTracker(IpFamily.IPV4, "node-a");
    EndpointsMap map = new EndpointsMap("node-a");
    changes.endpointSliceUpdate(SLICE, false);
    map.update(changes);
    assertThat(map.endpoints(PORT)).hasSize(2);

    EndpointSlice lessOne = new EndpointSliceBuilder(SLICE).build();
    lessOne.getEndpoints().remove(0);
    changes.endpointSliceUpdate(lessOne, false);
    map.update(changes);

    assertThat(map.endpoints(PORT))
        .extracting(EndpointInfo::toString)
        .containsExactly("10.180.0.2:80");
    assertThat(map.endpointsOffNode(PORT)).isEqualTo(map.endpoints(PORT));
  }

  @Test
  void aServiceWhoseSlicesWentHasNoEndpointsEitherWay() {
    EndpointsMap map = heard("node-a", true);
    assertThat(map.endpoints(PORT)).isEmpty();
    assertThat(map.endpointsOffNode(PORT)).isEmpty();
  }
}
