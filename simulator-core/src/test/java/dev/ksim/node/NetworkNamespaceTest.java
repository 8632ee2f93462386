package dev.ksim.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import org.junit.jupiter.api.Test;

/** The host view a namespace keeps for the data path follows its routing table. */
class NetworkNamespaceTest {
  private static final Packet TO_POD =
      Packet.first(
          Protocol.TCP,
          new IpPort(IpAddress.parse("192.168.80.100"), 40000),
          new IpPort(IpAddress.parse("10.244.1.5"), 80));

  @Test
  void theHostViewIsKeptUntilTheRoutesChangeAndRoutesAsTheyAre() {
    NetworkNamespace node =
        new NetworkNamespace(
            "k8s-node01",
            NetnsName.host(),
            new Netfilter(() -> 0, () -> 0L),
            new EphemeralPorts(1),
            null);
    node.routes().replace(new Route(Cidr.parse("0.0.0.0/0"), "eth0", null));
    Host before = node.host(Recording.MATCHED);

    assertThat(node.host(Recording.MATCHED)).isSameAs(before);
    assertThat(node.host(Recording.ALL)).isNotSameAs(before);
    assertThat(leaving(node.host(Recording.MATCHED))).isEqualTo("eth0");

    node.routes().replace(Route.onLink(Cidr.parse("10.244.1.0/24"), "cni0"));
    Host after = node.host(Recording.MATCHED);

    assertThat(after).isNotSameAs(before);
    assertThat(node.host(Recording.MATCHED)).isSameAs(after);
    assertThat(leaving(after)).isEqualTo("cni0");
  }

  /** The interface a packet to a pod of node01's range leaves by. */
  private static String leaving(Host host) {
    HostJourney journey = host.pass(TO_POD, Host.UPLINK);
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.FORWARDED);
    return journey.last().outInterface();
  }
}
