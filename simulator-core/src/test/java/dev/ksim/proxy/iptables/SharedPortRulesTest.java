package dev.ksim.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.table.Table;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.LocalTrafficDetector;
import dev.ksim.proxy.ServicePortInfo;
import dev.ksim.proxy.ServicePortName;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedPortRulesTest {
  private static final SharedPortRules.NodeVariant NODE =
      new SharedPortRules.NodeVariant(
          false,
          new LocalTrafficDetector(
              List.of("-s", "10.244.0.0/16"), List.of("!", "-s", "10.244.0.0/16")),
          true,
          Optional.empty());

  private static ServicePortInfo port(boolean internalPolicyLocal) {
    return new ServicePortInfo(
        new ServicePortName("default", "web", "http", Protocol.TCP),
        IpAddress.parse("10.96.0.10"),
        80,
        0,
        List.of(),
        List.of(),
        List.of(),
        0,
        internalPolicyLocal,
        false,
        0);
  }

  /** The same two endpoints as one node sees them: the first on this node or not. */
  private static List<EndpointInfo> endpoints(boolean firstLocal) {
    return List.of(
        new EndpointInfo(
            new IpPort(IpAddress.parse("10.244.1.2"), 8080), true, true, false, firstLocal),
        new EndpointInfo(
            new IpPort(IpAddress.parse("10.244.2.2"), 8080), true, true, false, false));
  }

  @Test
  void nodesWhoseEndpointsDifferOnlyInWhereTheyRunShareAClusterPolicyPortsRules() {
    assertThat(SharedPortRules.Key.of(NODE, port(false), endpoints(true)))
        .isEqualTo(SharedPortRules.Key.of(NODE, port(false), endpoints(false)));
  }

  @Test
  void aLocalPolicyPortsRulesAreKeyedByWhichEndpointsAreOnTheNode() {
    assertThat(SharedPortRules.Key.of(NODE, port(true), endpoints(true)))
        .isNotEqualTo(SharedPortRules.Key.of(NODE, port(true), endpoints(false)));
  }

  @Test
  void nodesThatDetectLocalTrafficDifferentlyDoNotShare() {
    SharedPortRules.NodeVariant other =
        new SharedPortRules.NodeVariant(
            false,
            new LocalTrafficDetector(
                List.of("-s", "10.244.1.0/24"), List.of("!", "-s", "10.244.1.0/24")),
            true,
            Optional.empty());

    assertThat(SharedPortRules.Key.of(NODE, port(false), endpoints(false)))
        .isNotEqualTo(SharedPortRules.Key.of(other, port(false), endpoints(false)));
  }

  @Test
  void rulesAreWrittenOnceForEqualContentAndHandedToEveryNode() {
    AtomicInteger writes = new AtomicInteger();
    ServicePortInfo service =
        new ServicePortInfo(
            new ServicePortName("default", "shared-once", "http", Protocol.TCP),
            IpAddress.parse("10.96.0.11"),
            80,
            0,
            List.of(),
            List.of(),
            List.of(),
            0,
            false,
            false,
            0);
    SharedPortRules.PortRules first =
        SharedPortRules.get(
            SharedPortRules.Key.of(NODE, service, endpoints(true)),
            () -> {
              writes.incrementAndGet();
              return new SharedPortRules.PortRules(
                  new RestoreTable(Table.FILTER, IpFamily.IPV4),
                  new RestoreTable(Table.NAT, IpFamily.IPV4));
            });
    SharedPortRules.PortRules second =
        SharedPortRules.get(
            SharedPortRules.Key.of(NODE, service, endpoints(false)),
            () -> {
              writes.incrementAndGet();
              return new SharedPortRules.PortRules(
                  new RestoreTable(Table.FILTER, IpFamily.IPV4),
                  new RestoreTable(Table.NAT, IpFamily.IPV4));
            });

    assertThat(second).isSameAs(first);
    assertThat(writes).hasValue(1);
  }
}
