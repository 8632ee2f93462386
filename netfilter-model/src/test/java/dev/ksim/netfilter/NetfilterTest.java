package dev.ksim.netfilter;

import static dev.ksim.netfilter.NetfilterHarness.filter;
import static dev.ksim.netfilter.NetfilterHarness.nat;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static dev.ksim.netfilter.NetfilterHarness.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackWriter;
import dev.ksim.netfilter.conntrack.CtStatus;
import dev.ksim.netfilter.conntrack.TcpState;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.host.HostEvent;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.host.HostJourney.Outcome;
import dev.ksim.netfilter.match.AddrType;
import dev.ksim.netfilter.table.Table;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's semantics: chains, verdicts, conntrack and NAT, as a host sees them. */
class NetfilterTest {
  /** A Service of two endpoints, as kube-proxy writes it (shared with {@link HostPassTest}). */
  static final String SERVICE =
      nat(
          """
          :KUBE-SERVICES - [0:0]
          :KUBE-SVC - [0:0]
          :KUBE-SEP-A - [0:0]
          :KUBE-SEP-B - [0:0]
          :KUBE-MARK-MASQ - [0:0]
          :KUBE-POSTROUTING - [0:0]
          -A PREROUTING -j KUBE-SERVICES
          -A OUTPUT -j KUBE-SERVICES
          -A POSTROUTING -j KUBE-POSTROUTING
          -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
          -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
          -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
          -A KUBE-POSTROUTING -j MASQUERADE --random-fully
          -A KUBE-SERVICES -d 10.96.0.10 -p tcp -m tcp --dport 8080 -j KUBE-SVC
          -A KUBE-SVC ! -s 10.244.0.0/16 -d 10.96.0.10 -p tcp -m tcp --dport 8080 -j KUBE-MARK-MASQ
          -A KUBE-SVC -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-A
          -A KUBE-SVC -j KUBE-SEP-B
          -A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.2:80
          -A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.244.2.2:80
          """);

  @Test
  void dnatsAndMasqueradesTrafficFromOutside() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);

    Packet syn = tcp("203.0.113.9:40000", "10.96.0.10:8080");
    DnatCandidates candidates = harness.host().candidates(syn, "eth0");
    HostJourney journey = harness.send(syn);

    assertThat(journey.outcome()).isEqualTo(Outcome.FORWARDED);
    assertThat(candidates.cut()).isFalse();
    assertThat(candidates.destinations())
        .extracting(Object::toString)
        .containsExactly("10.244.1.2:80", "10.244.2.2:80");
    assertThat(journey.endpoint()).isIn(candidates.destinations());
    assertThat(journey.masqueraded()).isTrue();
    ConntrackEntry entry = harness.kernel().conntrack().entries(0).get(0);
    assertThat(entry.reply().source()).isEqualTo(journey.endpoint().ip());
    assertThat(entry.reply().destination().toString()).isEqualTo("192.168.80.101");
    assertThat(entry.status()).contains(CtStatus.DST_NAT, CtStatus.SRC_NAT, CtStatus.CONFIRMED);
  }

  @Test
  void aCandidateSearchBeyondItsBoundSaysItIsIncomplete() {
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      // 2^18 combinations of outcomes, more than the search's bound
      rules.append("-A PREROUTING -m statistic --mode random --probability 0.5 -j MARK --or-mark ");
      rules.append(1 << i).append('\n');
    }
    rules.append("-A PREROUTING -p tcp -j DNAT --to-destination 10.244.1.2:80\n");
    NetfilterHarness harness = NetfilterHarness.of(nat(rules.toString()));

    DnatCandidates candidates =
        harness.host().candidates(tcp("203.0.113.9:40000", "10.96.0.10:8080"), "eth0");

    assertThat(candidates.cut()).isTrue();
    assertThat(candidates.destinations())
        .extracting(Object::toString)
        .containsExactly("10.244.1.2:80");
  }

  @Test
  void podTrafficIsDnatedButNotMasqueraded() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);

    HostJourney journey = harness.send(tcp("10.244.1.5:40000", "10.96.0.10:8080"));

    assertThat(journey.endpoint()).isNotNull();
    assertThat(journey.masqueraded()).isFalse();
  }

  @Test
  void theReplyIsUndoneByConntrackAndLaterPacketsSkipTheNatTable() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);
    Packet syn = tcp("203.0.113.9:40000", "10.96.0.10:8080");
    HostJourney first = harness.send(syn);
    ConntrackEntry entry = harness.kernel().conntrack().entries(0).get(0);
    IpPort endpoint = first.endpoint();

    Packet reply =
        Packet.first(
                Protocol.TCP,
                endpoint,
                new IpPort(entry.reply().destination(), entry.reply().destinationPort()))
            .withTcpFlags(Packet.SYN | Packet.ACK);
    HostJourney back = harness.send(reply);
    long rulesBefore = harness.kernel().cost().rulesEvaluated();
    HostJourney again = harness.send(syn.withTcpFlags(Packet.ACK));

    assertThat(back.outcome()).isEqualTo(Outcome.FORWARDED);
    assertThat(
            back.events().stream()
                .filter(HostEvent.Translated.class::isInstance)
                .map(e -> ((HostEvent.Translated) e).translation().after().toString()))
        .containsExactly("203.0.113.9:40000", "10.96.0.10:8080");
    assertThat(harness.kernel().cost().rulesEvaluated()).isEqualTo(rulesBefore);
    assertThat(again.endpoint()).isNull();
    assertThat(harness.kernel().conntrack().entries(0).get(0).tcpState())
        .hasToString("ESTABLISHED");
    assertThat(ConntrackWriter.line(harness.kernel().conntrack().entries(0).get(0), 0))
        .startsWith(
            "tcp      6 432000 ESTABLISHED src=203.0.113.9 dst=10.96.0.10 sport=40000 dport=8080 src=10.244.")
        .endsWith("[ASSURED] mark=0 use=1");
  }

  @Test
  void aSynMeetingATimeWaitEntryKillsItAndStartsANewConnection() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);
    Packet syn = tcp("203.0.113.9:40000", "10.96.0.10:8080");
    harness.send(syn);
    ConntrackEntry first = harness.kernel().conntrack().entries(0).get(0);
    Packet reply =
        Packet.first(
            Protocol.TCP,
            new IpPort(first.reply().source(), first.reply().sourcePort()),
            new IpPort(first.reply().destination(), first.reply().destinationPort()));
    harness.send(reply.withTcpFlags(Packet.SYN | Packet.ACK));
    harness.send(syn.withTcpFlags(Packet.ACK));
    harness.send(syn.withTcpFlags(Packet.FIN | Packet.ACK));
    harness.send(reply.withTcpFlags(Packet.FIN | Packet.ACK));
    harness.send(syn.withTcpFlags(Packet.ACK));
    assertThat(harness.kernel().conntrack().entries(0).get(0).tcpState())
        .isEqualTo(TcpState.TIME_WAIT);

    HostJourney again = harness.send(syn);

    assertThat(again.endpoint()).isNotNull();
    assertThat(harness.kernel().conntrack().entries(0))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isNotEqualTo(first.id());
              assertThat(e.tcpState()).isEqualTo(TcpState.SYN_SENT);
              assertThat(e.status()).doesNotContain(CtStatus.SEEN_REPLY, CtStatus.ASSURED);
            });
  }

  @Test
  void aSynMeetingAnEstablishedEntryStaysOnIt() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);
    Packet syn = tcp("203.0.113.9:40000", "10.96.0.10:8080");
    harness.send(syn);
    ConntrackEntry first = harness.kernel().conntrack().entries(0).get(0);
    Packet reply =
        Packet.first(
                Protocol.TCP,
                new IpPort(first.reply().source(), first.reply().sourcePort()),
                new IpPort(first.reply().destination(), first.reply().destinationPort()))
            .withTcpFlags(Packet.SYN | Packet.ACK);
    harness.send(reply);
    harness.send(syn.withTcpFlags(Packet.ACK));

    HostJourney again = harness.send(syn);

    assertThat(again.endpoint()).isNull();
    assertThat(harness.kernel().conntrack().entries(0))
        .singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo(first.id()));
  }

  @Test
  void statisticSplitsConnectionsEvenlyWithAFixedSeed() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE, 7);
    Map<String, Integer> counts = new HashMap<>();

    for (int port = 10000; port < 12000; port++) {
      HostJourney journey = harness.send(tcp("203.0.113.9:" + port, "10.96.0.10:8080"));
      counts.merge(journey.endpoint().toString(), 1, Integer::sum);
    }

    assertThat(counts).containsOnlyKeys("10.244.1.2:80", "10.244.2.2:80");
    assertThat(counts.get("10.244.1.2:80")).isBetween(900, 1100);
    assertThat(
            NetfilterHarness.of(SERVICE, 7)
                .send(tcp("203.0.113.9:10000", "10.96.0.10:8080"))
                .endpoint())
        .isEqualTo(
            NetfilterHarness.of(SERVICE, 7)
                .send(tcp("203.0.113.9:10000", "10.96.0.10:8080"))
                .endpoint());
  }

  @Test
  void recentKeepsAClientOnOneEndpointUntilTheTimeoutPasses() {
    String rules =
        nat(
            """
            :SVC - [0:0]
            :SEP-A - [0:0]
            :SEP-B - [0:0]
            -A PREROUTING -d 10.96.0.10 -p tcp -m tcp --dport 80 -j SVC
            -A SVC -m recent --name SEP-A --rcheck --seconds 60 --reap -j SEP-A
            -A SVC -m recent --name SEP-B --rcheck --seconds 60 --reap -j SEP-B
            -A SVC -m statistic --mode random --probability 0.5 -j SEP-A
            -A SVC -j SEP-B
            -A SEP-A -p tcp -m recent --name SEP-A --set -m tcp -j DNAT --to-destination 10.244.1.2:80
            -A SEP-B -p tcp -m recent --name SEP-B --set -m tcp -j DNAT --to-destination 10.244.2.2:80
            """);
    NetfilterHarness harness = NetfilterHarness.of(rules, 3);
    IpPort first = harness.send(tcp("203.0.113.9:10000", "10.96.0.10:80")).endpoint();

    for (int port = 10001; port < 10020; port++) {
      harness.advance(1000);
      assertThat(harness.send(tcp("203.0.113.9:" + port, "10.96.0.10:80")).endpoint())
          .isEqualTo(first);
    }
    harness.advance(120_000);
    Set<IpPort> after = new HashSet<>();
    for (int port = 20000; port < 20040; port++) {
      harness.kernel().recent().clear();
      after.add(harness.send(tcp("203.0.113.9:" + port, "10.96.0.10:80")).endpoint());
    }
    assertThat(after).hasSize(2);
  }

  @Test
  void filterVerdictsDropRejectAndPolicy() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            filter(
                    """
                :KUBE-SERVICES - [0:0]
                -A FORWARD -j KUBE-SERVICES
                -A KUBE-SERVICES -d 10.96.0.11 -p tcp -m tcp --dport 80 -j REJECT
                -A KUBE-SERVICES -d 10.96.0.12 -p tcp -m tcp --dport 80 -j DROP
                """)
                .replace(":FORWARD ACCEPT", ":FORWARD ACCEPT"));

    assertThat(harness.send(tcp("203.0.113.9:1000", "10.96.0.11:80")).outcome())
        .isEqualTo(Outcome.REJECTED);
    assertThat(harness.send(tcp("203.0.113.9:1000", "10.96.0.12:80")).outcome())
        .isEqualTo(Outcome.DROPPED);
    assertThat(harness.send(tcp("203.0.113.9:1000", "10.96.0.13:80")).outcome())
        .isEqualTo(Outcome.FORWARDED);
    assertThat(
            NetfilterHarness.of(filter("").replace(":FORWARD ACCEPT", ":FORWARD DROP"))
                .send(tcp("203.0.113.9:1000", "10.96.0.13:80"))
                .outcome())
        .isEqualTo(Outcome.DROPPED);
  }

  @Test
  void gotoDoesNotComeBackButJumpDoes() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            filter(
                """
                :A - [0:0]
                :B - [0:0]
                -A INPUT -p tcp -m tcp --dport 1 -g A
                -A INPUT -p tcp -m tcp --dport 2 -j B
                -A INPUT -j DROP
                -A A -j RETURN
                -A B -j RETURN
                """));

    assertThat(harness.send(tcp("203.0.113.9:1000", "192.168.80.101:1")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
    assertThat(harness.send(tcp("203.0.113.9:1000", "192.168.80.101:2")).outcome())
        .isEqualTo(Outcome.DROPPED);
  }

  @Test
  void countersCountMatchedRulesAndPolicies() {
    NetfilterHarness harness =
        NetfilterHarness.of(filter("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"));

    harness.send(tcp("203.0.113.9:1000", "192.168.80.101:22"));
    harness.send(tcp("203.0.113.9:1001", "192.168.80.101:22"));
    harness.send(tcp("203.0.113.9:1002", "192.168.80.101:80"));

    var table = harness.kernel().ruleset(IpFamily.IPV4).table(Table.FILTER);
    var input = table.chains().get("INPUT");
    assertThat(harness.kernel().counters(IpFamily.IPV4).rule(Table.FILTER, input, 0))
        .containsExactly(2, 120);
    assertThat(harness.kernel().counters(IpFamily.IPV4).policy(Table.FILTER, "INPUT"))
        .containsExactly(1, 60);
  }

  @Test
  void localhostNodePortNeedsRouteLocalnet() {
    String rules =
        nat(
            """
            -A OUTPUT -d 127.0.0.1 -p tcp -m tcp --dport 30080 -j DNAT --to-destination 10.244.1.2:80
            -A POSTROUTING -s 127.0.0.0/8 -j MASQUERADE
            """);
    NetfilterHarness without = NetfilterHarness.of(rules);
    NetfilterHarness with = NetfilterHarness.of(rules);
    with.kernel().setSysctl("net.ipv4.conf.all.route_localnet", "1");

    assertThat(without.send(tcp("127.0.0.1:1000", "127.0.0.1:30080")).outcome())
        .isEqualTo(Outcome.DISCARDED);
    HostJourney routed = with.send(tcp("127.0.0.1:1000", "127.0.0.1:30080"));
    assertThat(routed.outcome()).isEqualTo(Outcome.FORWARDED);
    assertThat(routed.masqueraded()).isTrue();
  }

  @Test
  void loopbackAddressesFromOutsideAreMartians() {
    NetfilterHarness harness = NetfilterHarness.of(filter(""));

    assertThat(harness.send(tcp("203.0.113.9:1000", "127.0.0.1:22")).outcome())
        .isEqualTo(Outcome.DISCARDED);
    assertThat(harness.send(tcp("127.0.0.5:1000", "192.168.80.101:22")).outcome())
        .isEqualTo(Outcome.DELIVERED_LOCALLY);
  }

  @Test
  void udpConntrackTimesOutInSimulatedTime() {
    NetfilterHarness harness = NetfilterHarness.of(SERVICE);
    harness.send(udp("203.0.113.9:5000", "192.168.80.101:53"));
    assertThat(harness.kernel().conntrack().entries(0)).hasSize(1);

    harness.advance(31_000);

    assertThat(harness.kernel().conntrack().entries(31_000)).isEmpty();
  }

  @Test
  void notrackInRawLeavesThePacketUntracked() {
    NetfilterHarness harness =
        NetfilterHarness.of(
            "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -p udp -m udp --dport 53 -j CT --notrack\nCOMMIT\n"
                + filter("-A INPUT -m conntrack --ctstate UNTRACKED -j DROP\n"));

    assertThat(harness.send(udp("203.0.113.9:5000", "192.168.80.101:53")).outcome())
        .isEqualTo(Outcome.DROPPED);
    assertThat(harness.kernel().conntrack().size()).isZero();
  }

  @Test
  void snatKeepsThePortWhenItIsFreeAndMovesItOnAClash() {
    String rules = nat("-A POSTROUTING -p tcp -j SNAT --to-source 198.51.100.1\n");
    NetfilterHarness harness = NetfilterHarness.of(rules);

    harness.send(tcp("10.244.1.2:40000", "203.0.113.9:80"));
    harness.send(tcp("10.244.1.3:40000", "203.0.113.9:80"));

    var entries = harness.kernel().conntrack().entries(0);
    assertThat(entries.get(0).reply().destinationPort()).isEqualTo(40000);
    assertThat(entries.get(1).reply().destinationPort()).isNotEqualTo(40000);
    assertThat(entries.get(1).reply().destination().toString()).isEqualTo("198.51.100.1");
  }

  @Test
  void interfacesAreAReadOnlyViewThatFollowsAddressChanges() {
    Netfilter kernel = NetfilterHarness.of(SERVICE).kernel();
    Map<String, List<InterfaceAddress>> view = kernel.interfaces();
    InterfaceAddress address = InterfaceAddress.tryParse("192.0.2.7/24").orElseThrow();

    kernel.addAddress("eth9", address);

    assertThat(view.get("eth9")).containsExactly(address);
    assertThatThrownBy(() -> view.get("eth9").add(address))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.remove("eth9")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(kernel.isLocal(address.address())).isTrue();
  }

  @Test
  void anAddressIsLocalExactlyWhenItsAddressTypeIsLocal() {
    Netfilter kernel = NetfilterHarness.of(SERVICE).kernel();
    kernel.addAddress("eth0", InterfaceAddress.tryParse("192.0.2.7/24").orElseThrow());
    kernel.addAddress("eth1", InterfaceAddress.tryParse("198.51.100.255/23").orElseThrow());
    kernel.addAddress("eth2", InterfaceAddress.tryParse("198.51.101.1/24").orElseThrow());
    kernel.addAddress("lo", InterfaceAddress.tryParse("127.0.0.255/32").orElseThrow());
    kernel.addAddress("eth3", InterfaceAddress.tryParse("2001:db8::7/64").orElseThrow());
    kernel.addAddress("eth4", InterfaceAddress.tryParse("192.0.2.255/32").orElseThrow());

    // local, loopback's net, subnet broadcasts (one also another interface's address), multicast,
    // limited broadcast, unspecified, unicast elsewhere, both families
    for (String text :
        List.of(
            "192.0.2.7",
            "127.0.0.1",
            "127.9.9.9",
            "127.0.0.255",
            "127.255.255.255",
            "192.0.2.255",
            "198.51.101.255",
            "198.51.100.255",
            "224.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "203.0.113.9",
            "2001:db8::7",
            "ff02::1",
            "::1",
            "2001:db8::8")) {
      IpAddress address = IpAddress.parse(text);
      assertThat(kernel.isLocal(address))
          .as(text)
          .isEqualTo(kernel.addressType(address, null) == AddrType.LOCAL);
    }
    assertThat(kernel.isLocal(IpAddress.parse("198.51.100.255"))).isTrue();
    assertThat(kernel.isLocal(IpAddress.parse("192.0.2.255"))).isFalse();
  }
}
