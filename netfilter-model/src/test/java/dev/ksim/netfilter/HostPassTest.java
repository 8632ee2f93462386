package dev.ksim.netfilter;

import static dev.ksim.netfilter.NetfilterHarness.filter;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackWriter;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.ksim.netfilter.host.Host#pass}, which records no events, leaves the kernel as {@link
 * dev.ksim.netfilter.host.Host#send} does: the same verdicts, rewrites, conntrack entries, rule
 * counters and counted work, packet after packet.
 */
class HostPassTest {
  private static final String RULES =
      NetfilterTest.SERVICE
          + filter(
              """
              -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
              -A FORWARD -m conntrack --ctstate NEW -p tcp -m tcp --dport 80 -j ACCEPT
              -A FORWARD -j DROP
              -A INPUT -p tcp -m tcp --dport 9 -j REJECT
              """);

  @Test
  void passingPacketsLeavesTheKernelAsSendingThem() {
    NetfilterHarness sent = NetfilterHarness.of(RULES, 7);
    NetfilterHarness passed = NetfilterHarness.of(RULES, 7);
    List<HostJourney> sentJourneys = new ArrayList<>();
    List<HostJourney> passedJourneys = new ArrayList<>();

    for (int client = 0; client < 6; client++) {
      // clients 3-5 reuse the ports of 0-2, whose entries are in TIME_WAIT by then
      Packet syn = tcp("203.0.113.9:" + (40000 + client % 3), "10.96.0.10:8080");
      sentJourneys.add(sent.host().send(syn, "eth0"));
      passedJourneys.add(passed.host().pass(syn, "eth0"));
      List<ConntrackEntry> entries = sent.kernel().conntrack().entries(0);
      ConntrackEntry entry = entries.get(entries.size() - 1);
      Packet reply =
          Packet.first(
                  Protocol.TCP,
                  new IpPort(entry.reply().source(), entry.reply().sourcePort()),
                  new IpPort(entry.reply().destination(), entry.reply().destinationPort()))
              .withTcpFlags(Packet.SYN | Packet.ACK);
      for (Packet packet :
          List.of(
              reply,
              syn.withTcpFlags(Packet.ACK),
              syn.withTcpFlags(Packet.FIN | Packet.ACK),
              reply.withTcpFlags(Packet.FIN | Packet.ACK),
              syn.withTcpFlags(Packet.ACK))) {
        sent.advance(10);
        passed.advance(10);
        sentJourneys.add(sent.host().send(packet, "eth0"));
        passedJourneys.add(passed.host().pass(packet, "eth0"));
      }
    }
    for (Packet other :
        List.of(
            tcp("203.0.113.9:1000", "192.168.80.101:9"),
            tcp("203.0.113.9:1001", "10.244.1.2:443"),
            tcp("192.168.80.101:1002", "10.96.0.10:8080"))) {
      String inIface = other.source().toString().equals("192.168.80.101") ? "" : "eth0";
      sentJourneys.add(sent.host().send(other, inIface));
      passedJourneys.add(passed.host().pass(other, inIface));
    }

    assertThat(passedJourneys).hasSameSizeAs(sentJourneys);
    for (int i = 0; i < sentJourneys.size(); i++) {
      HostJourney expected = sentJourneys.get(i);
      HostJourney actual = passedJourneys.get(i);
      assertThat(actual.events()).isEmpty();
      assertThat(actual.outcome()).as("outcome of packet %s", i).isEqualTo(expected.outcome());
      assertThat(actual.last()).as("packet %s as it left", i).isEqualTo(expected.last());
      assertThat(actual.endpoint()).as("endpoint of packet %s", i).isEqualTo(expected.endpoint());
      assertThat(actual.masqueraded()).isEqualTo(expected.masqueraded());
    }
    assertThat(sentJourneys)
        .extracting(HostJourney::outcome)
        .contains(
            HostJourney.Outcome.FORWARDED,
            HostJourney.Outcome.DROPPED,
            HostJourney.Outcome.REJECTED);
    assertThat(state(passed)).isEqualTo(state(sent));
    assertThat(passed.kernel().cost().rulesEvaluated())
        .isEqualTo(sent.kernel().cost().rulesEvaluated())
        .isPositive();
    assertThat(passed.kernel().cost().conntrackLookups())
        .isEqualTo(sent.kernel().cost().conntrackLookups());
  }

  /** The kernel's rules with their counters and its conntrack table, as the tools print them. */
  private static String state(NetfilterHarness harness) {
    Netfilter kernel = harness.kernel();
    return IptablesSaveWriter.save(
            kernel.ruleset(IpFamily.IPV4), null, kernel.counters(IpFamily.IPV4), false)
        + ConntrackWriter.list(kernel.conntrack().entries(0), 0);
  }
}
