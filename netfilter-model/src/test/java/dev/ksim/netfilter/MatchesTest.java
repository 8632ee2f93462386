package dev.ksim.netfilter;

import static dev.ksim.netfilter.NetfilterHarness.filter;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static dev.ksim.netfilter.NetfilterHarness.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.host.HostJourney.Outcome;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.ipset.IpSetType;
import dev.ksim.netfilter.match.StatisticMatch;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** One behaviour per match module, through a host whose INPUT chain drops what a rule matches. */
class MatchesTest {
  private static Outcome input(String rule, Packet packet) {
    return NetfilterHarness.of(filter("-A INPUT " + rule + " -j DROP\n")).send(packet).outcome();
  }

  private static final Packet WEB = tcp("203.0.113.9:40000", "192.168.80.101:80");

  @Test
  void multiportMatchesAnyListedPortOrRange() {
    assertThat(input("-p tcp -m multiport --dports 22,80:90", WEB)).isEqualTo(Outcome.DROPPED);
    assertThat(input("-p tcp -m multiport --dports 22,443", WEB))
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void addrtypeLocalMeansTheHostsOwnAddresses() {
    assertThat(input("-m addrtype --dst-type LOCAL", WEB)).isEqualTo(Outcome.DROPPED);
    assertThat(input("-m addrtype ! --src-type LOCAL", WEB)).isEqualTo(Outcome.DROPPED);
    assertThat(input("-m addrtype --src-type LOCAL", WEB)).isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void markMatchesUnderItsMask() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -j MARK --or-mark 0x4001\nCOMMIT\n"
                + filter("-A INPUT -m mark --mark 0x4000/0x4000 -j DROP\n"));

    assertThat(harness.send(WEB).outcome()).isEqualTo(Outcome.DROPPED);
  }

  @Test
  void setMatchLooksThePacketUpInAnIpset() {
    NetfilterHarness harness =
        NetfilterHarness.of(filter("-A INPUT -m set --match-set WEB dst,dst -j DROP\n"));
    IpSet set = new IpSet("WEB", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "");
    set.add("192.168.80.101,tcp:80");
    harness.kernel().ipsets().put("WEB", set);

    assertThat(harness.send(WEB).outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(harness.send(tcp("203.0.113.9:40000", "192.168.80.101:81")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.kernel().cost().setLookups()).isEqualTo(2);
  }

  @Test
  void icmpTypeMatchesEchoRequests() {
    Packet ping =
        Packet.first(
            Protocol.ICMP,
            new IpPort(IpAddress.parse("203.0.113.9"), 0),
            new IpPort(IpAddress.parse("192.168.80.101"), 0));

    assertThat(input("-p icmp --icmp-type echo-request", ping)).isEqualTo(Outcome.DROPPED);
    assertThat(input("-p icmp --icmp-type echo-reply", ping)).isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void interfaceWildcardsMatchPrefixes() {
    assertThat(input("-i eth+", WEB)).isEqualTo(Outcome.DROPPED);
    assertThat(input("-i veth+", WEB)).isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void ctstateSeesNewThenEstablished() {
    NetfilterHarness harness =
        NetfilterHarness.of(filter("-A INPUT -m conntrack --ctstate ESTABLISHED -j DROP\n"));
    Packet syn = WEB;
    assertThat(harness.send(syn).outcome()).isEqualTo(Outcome.DELIVERED_LOCALLY);

    Packet reply = syn.reversed();
    harness
        .kernel()
        .hook(Hook.OUTPUT, new PacketInFlight(reply.withInterfaces("", "eth0")), Recording.NONE);
    harness
        .kernel()
        .hook(
            Hook.POSTROUTING, new PacketInFlight(reply.withInterfaces("", "eth0")), Recording.NONE);

    assertThat(harness.send(syn.withTcpFlags(Packet.ACK)).outcome()).isEqualTo(Outcome.DROPPED);
  }

  @Test
  void ctorigdstSeesTheDestinationBeforeDnat() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            NetfilterHarness.nat(
                    "-A PREROUTING -d 10.96.0.1 -p tcp -j DNAT --to-destination 192.168.80.101:6443\n")
                + filter(
                    "-A INPUT -m conntrack --ctorigdst 10.96.0.1 --ctorigdstport 443 -j DROP\n"));

    assertThat(harness.send(tcp("203.0.113.9:40000", "10.96.0.1:443")).outcome())
        .isEqualTo(Outcome.DROPPED);
    assertThat(harness.send(tcp("203.0.113.9:40000", "192.168.80.101:6443")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void limitLetsTheBurstThroughThenTheRate() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            filter(
                "-A INPUT -m limit --limit 1/sec --limit-burst 2 -j ACCEPT\n-A INPUT -j DROP\n"));

    assertThat(harness.send(tcp("203.0.113.9:1", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.send(tcp("203.0.113.9:2", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.send(tcp("203.0.113.9:3", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DROPPED);
    harness.advance(1000);
    assertThat(harness.send(tcp("203.0.113.9:4", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void nfacctCountsWhatPassesItsRule() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            filter("-A INPUT -p udp -m nfacct --nfacct-name localhost_nps_accepted_pkts\n"));

    harness.send(udp("203.0.113.9:1", "192.168.80.101:53"));
    harness.send(WEB);

    assertThat(harness.kernel().nfacct("localhost_nps_accepted_pkts")).containsExactly(1, 60);
  }

  @Test
  void logAndRulesWithoutTargetsLetEvaluationGoOn() {
    assertThat(input("-p tcp -j LOG --log-prefix x:\n-A INPUT -p tcp", WEB))
        .isEqualTo(Outcome.DROPPED);
  }

  @Test
  void statisticNthMatchesEveryNthPacket() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            filter("-A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP\n"));

    assertThat(harness.send(tcp("203.0.113.9:1", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DROPPED);
    assertThat(harness.send(tcp("203.0.113.9:2", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.send(tcp("203.0.113.9:3", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.send(tcp("203.0.113.9:4", "192.168.80.101:80")).outcome())
        .isEqualTo(Outcome.DROPPED);
  }

  @Test
  void statisticProbabilitiesPrintAsPercentElevenF() {
    for (int n = 2; n <= 5000; n++) {
      StatisticMatch match = StatisticMatch.random(1.0 / n, false);
      String expected = "--probability " + String.format(Locale.ROOT, "%.11f", match.probability());

      // twice: the second time the text is the one worked out for the threshold the first time
      assertThat(match.save()).endsWith(expected);
      assertThat(StatisticMatch.random(1.0 / n, false).save()).endsWith(expected);
    }
  }
}
