package dev.ksim.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.text.Ipvsadm;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPVS in a host's kernel: its handlers among the iptables tables, as ip_vs_ops4 places them. */
class IpvsHostTest {
  private final Netfilter kernel = new Netfilter(() -> 5, () -> 0L);
  private final Ipvs ipvs = new Ipvs(() -> 5, () -> 0L);
  private final Host host;

  IpvsHostTest() {
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser("test.rules", RuleEnvironment.PERMISSIVE, false)
            .parse(
                "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -d 10.244.0.0/16 -j MASQUERADE\n"
                    + "COMMIT\n",
                Ruleset.EMPTY));
    IpvsHooks.register(ipvs, kernel);
    host =
        new Host(
            kernel,
            List.of(
                InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow(),
                InterfaceAddress.tryParse("10.96.0.1/32").orElseThrow()),
            Recording.MATCHED);
  }

  private void ipvsadm(String line) {
    assertThat(Ipvsadm.run(ipvs, Arrays.asList(line.split(" ")), "").stderr()).isEmpty();
  }

  private HostJourney send(String from) {
    return host.send(
        Packet.first(
            Protocol.TCP,
            IpPort.tryParse(from).orElseThrow(),
            IpPort.tryParse("10.96.0.1:443").orElseThrow()));
  }

  @Test
  void masqWithConntrackLetsIptablesMasqueradeTheRequest() {
    kernel.setSysctl("net.ipv4.vs.conntrack", "1");
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    ipvsadm("-a -t 10.96.0.1:443 -r 10.244.1.3:80 -m");
    ipvsadm("-a -t 10.96.0.1:443 -r 10.244.2.4:80 -m");
    HostJourney journey = send("192.168.80.1:40000");
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.FORWARDED);
    assertThat(journey.endpoint()).hasToString("10.244.2.4:80");
    assertThat(Host.functionCandidates(journey))
        .extracting(IpPort::toString)
        .containsExactly("10.244.1.3:80", "10.244.2.4:80");
    assertThat(journey.masqueraded()).isTrue();
    assertThat(journey.last().source()).hasToString("192.168.80.101");
    assertThat(journey.last().destinationIpPort()).hasToString("10.244.2.4:80");
    assertThat(kernel.conntrack().entries(0).get(0).reply().source()).hasToString("10.244.2.4");
  }

  @Test
  void withoutConntrackThePacketLeavesConntrackAndIsNotMasqueraded() {
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    ipvsadm("-a -t 10.96.0.1:443 -r 10.244.1.3:80 -m");
    HostJourney journey = send("192.168.80.1:40000");
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.FORWARDED);
    assertThat(journey.masqueraded()).isFalse();
    assertThat(journey.last().source()).hasToString("192.168.80.1");
  }

  @Test
  void directRoutingSendsThePacketUnchangedTowardsTheRealServer() {
    ipvsadm("-A -t 10.96.0.1:443 -s rr -p 600");
    ipvsadm("-a -t 10.96.0.1:443 -r 192.168.80.2 -g");
    HostJourney journey = send("192.168.80.1:40000");
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.FORWARDED);
    assertThat(journey.last().destinationIpPort()).hasToString("10.96.0.1:443");
    assertThat(journey.endpoint()).hasToString("192.168.80.2:443");
  }

  @Test
  void noRealServerRejects() {
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    assertThat(send("192.168.80.1:40000").outcome()).isEqualTo(HostJourney.Outcome.REJECTED);
  }

  @Test
  void aLocalClientIsHandledAtLocalOut() {
    kernel.setSysctl("net.ipv4.vs.conntrack", "1");
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    ipvsadm("-a -t 10.96.0.1:443 -r 10.244.1.3:80 -m");
    HostJourney journey = send("192.168.80.101:40000");
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.FORWARDED);
    assertThat(journey.endpoint()).hasToString("10.244.1.3:80");
    assertThat(ipvs.connections().entries()).hasSize(1);
  }
}
