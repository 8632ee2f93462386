package dev.ksim.netfilter.eval;

import static dev.ksim.netfilter.NetfilterHarness.nat;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static dev.ksim.netfilter.NetfilterHarness.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.NetfilterHarness;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainWalkerTest {
  /**
   * KUBE-SERVICES-like: 60 {@code -d HOST/32} rules, two for 10.96.0.45 (ports 81 and 80), one rule
   * without {@code -d} in the middle, and a last catch-all that does not match.
   */
  private static final String SERVICES = services();

  private static String services() {
    StringBuilder body = new StringBuilder(":KUBE-SERVICES - [0:0]\n");
    body.append("-A PREROUTING -j KUBE-SERVICES\n");
    for (int i = 1; i <= 60; i++) {
      if (i == 30) {
        body.append("-A KUBE-SERVICES -s 10.0.0.0/8 -j RETURN\n");
      }
      if (i == 45) {
        body.append(
            "-A KUBE-SERVICES -d 10.96.0.45/32 -p tcp -m tcp --dport 81"
                + " -j DNAT --to-destination 10.244.1.45:8081\n");
      }
      body.append(
          "-A KUBE-SERVICES -d 10.96.0.%d/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.%d:8080\n"
              .formatted(i, i));
    }
    body.append("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j ACCEPT\n");
    return nat(body.toString());
  }

  /**
   * KUBE-NODEPORTS-like: 40 {@code -p tcp --dport} rules behind a comment, a {@code -p udp} rule
   * for the same port as one of them, a port range, a rule whose port match is not a plain {@code
   * --dport} (negated) and one with {@code -p} and nothing else, then a last catch-all.
   */
  private static final String NODE_PORTS = nodePorts();

  private static String nodePorts() {
    StringBuilder body = new StringBuilder(":KUBE-SERVICES - [0:0]\n");
    body.append("-A PREROUTING -j KUBE-SERVICES\n");
    for (int i = 1; i <= 40; i++) {
      if (i == 10) {
        body.append("-A KUBE-SERVICES -p udp -m udp --dport 30020 -j RETURN\n");
      }
      if (i == 20) {
        body.append("-A KUBE-SERVICES -p tcp -m tcp --dport 31000:31010 -j RETURN\n");
      }
      if (i == 25) {
        body.append("-A KUBE-SERVICES -p tcp -m tcp ! --dport 30000:32767 -j RETURN\n");
      }
      if (i == 30) {
        body.append("-A KUBE-SERVICES -p icmp -j RETURN\n");
      }
      body.append(
          ("-A KUBE-SERVICES -p tcp -m comment --comment \"default/s%d:http\" -m tcp --dport 300%02d"
                  + " -j DNAT --to-destination 10.244.1.%d:8080\n")
              .formatted(i, i, i));
    }
    body.append("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j ACCEPT\n");
    return nat(body.toString());
  }

  private record Walked(HookTraversal traversal, List<long[]> counters) {}

  private static Walked walk(Packet packet, Recording recording) {
    return walk(SERVICES, packet, recording);
  }

  private static Walked walk(String rules, Packet packet, Recording recording) {
    NetfilterHarness harness = NetfilterHarness.of(rules);
    HookTraversal traversal =
        harness
            .kernel()
            .hook(
                Hook.PREROUTING, new PacketInFlight(packet.withInterfaces("eth0", "")), recording);
    List<long[]> counters = new ArrayList<>();
    Chain services =
        harness
            .kernel()
            .ruleset(IpFamily.IPV4)
            .table(Table.NAT)
            .chain("KUBE-SERVICES")
            .orElseThrow();
    for (int i = 0; i < services.rules().size(); i++) {
      counters.add(harness.kernel().counters(IpFamily.IPV4).rule(Table.NAT, services, i));
    }
    return new Walked(traversal, counters);
  }

  private static List<RuleHit> matchedHits(ChainVisit visit) {
    List<RuleHit> matched = new ArrayList<>();
    for (RuleHit hit : visit.hits()) {
      if (hit.matched()) {
        ChainVisit inner = hit.jumpedInto();
        matched.add(
            new RuleHit(
                hit.ruleNumber(),
                hit.ruleText(),
                hit.target(),
                inner == null ? null : withOnlyMatched(inner),
                hit.draw(),
                null));
      }
    }
    return matched;
  }

  private static ChainVisit withOnlyMatched(ChainVisit visit) {
    return new ChainVisit(
        visit.table(), visit.chain(), matchedHits(visit), visit.rulesEvaluated(), visit.exit());
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"10.96.0.45:80", "10.96.0.60:80", "10.96.0.7:80", "10.96.0.99:80"})
  void skippingRulesThatCannotMatchCountsTheWorkAndCountersOfAFullWalk(String destination) {
    Packet packet = tcp("203.0.113.9:40000", destination);

    Walked linear = walk(packet, Recording.ALL);
    Walked untraced = walk(packet, Recording.NONE);

    assertThat(untraced.traversal().cost()).isEqualTo(linear.traversal().cost());
    assertThat(untraced.traversal().verdict()).isEqualTo(linear.traversal().verdict());
    assertThat(untraced.counters())
        .usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1)
        .containsExactlyElementsOf(linear.counters());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"10.1.2.3:40000", "192.0.2.7:40000"})
  void rulesPassedOverOnTheirFirstAddressMatchCountAsAFullWalks(String source) {
    Packet packet = tcp(source, "10.96.0.50:80");

    Walked linear = walk(packet, Recording.ALL);
    Walked untraced = walk(packet, Recording.MATCHED);

    assertThat(untraced.traversal().cost()).isEqualTo(linear.traversal().cost());
    assertThat(untraced.traversal().verdict()).isEqualTo(linear.traversal().verdict());
    assertThat(untraced.counters())
        .usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1)
        .containsExactlyElementsOf(linear.counters());
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"10.96.0.45:80", "10.96.0.60:80", "10.96.0.99:80"})
  void aRecordingOfMatchedRulesIsTheFullWalksMatchedRules(String destination) {
    Packet packet = tcp("203.0.113.9:40000", destination);

    ChainVisit linear = walk(packet, Recording.ALL).traversal().tables().get(0).visit();
    ChainVisit matched = walk(packet, Recording.MATCHED).traversal().tables().get(0).visit();

    assertThat(matched).isNotNull();
    assertThat(linear).isNotNull();
    assertThat(matched).isEqualTo(withOnlyMatched(linear));
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"10.96.0.45:80", "10.96.0.99:80"})
  void theCountedWorkIsEveryRuleTheKernelTries(String destination) {
    Packet packet = tcp("203.0.113.9:40000", destination);

    long evaluated = walk(packet, Recording.NONE).traversal().cost().rulesEvaluated();

    // PREROUTING's jump, then KUBE-SERVICES up to the DNAT (47 for .45: 44 + RETURN + port 81 +
    // itself) or all 63 rules for an address no rule names
    assertThat(evaluated).isEqualTo(destination.startsWith("10.96.0.45") ? 1 + 47 : 1 + 63);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "tcp to 30001",
        "tcp to 30040",
        "tcp to 30020",
        "udp to 30020",
        "udp to 30021",
        "tcp to 31005",
        "tcp to 8080",
        "tcp to 30099"
      })
  void rulesPassedOverOnTheirProtocolOrPortCountAsAFullWalk(String packetText) {
    String[] words = packetText.split(" ");
    String destination = "192.168.80.101:" + words[2];
    Packet packet =
        words[0].equals("tcp")
            ? tcp("203.0.113.9:40000", destination)
            : udp("203.0.113.9:40000", destination);

    Walked linear = walk(NODE_PORTS, packet, Recording.ALL);
    Walked untraced = walk(NODE_PORTS, packet, Recording.NONE);
    Walked matched = walk(NODE_PORTS, packet, Recording.MATCHED);

    assertThat(untraced.traversal().cost()).isEqualTo(linear.traversal().cost());
    assertThat(untraced.traversal().verdict()).isEqualTo(linear.traversal().verdict());
    assertThat(untraced.counters())
        .usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1)
        .containsExactlyElementsOf(linear.counters());
    ChainVisit full = linear.traversal().tables().get(0).visit();
    assertThat(full).isNotNull();
    assertThat(matched.traversal().tables().get(0).visit()).isEqualTo(withOnlyMatched(full));
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"30001", "30099"})
  void aRuleThatFailsOnItsPortCountsTheCommentAndThePortMatch(String port) {
    Packet packet = tcp("203.0.113.9:40000", "192.168.80.101:" + port);

    long matches = walk(NODE_PORTS, packet, Recording.NONE).traversal().cost().matchesEvaluated();

    // to 30001: the first rule matches on its three matches; to 30099 the 40 NodePort rules fail
    // on their third match (-p, comment, --dport), the udp and icmp rules on -p, the range and the
    // negated range on their second, and the catch-all's addrtype passes (the address is local)
    assertThat(matches).isEqualTo(port.equals("30001") ? 3 : 40 * 3 + 1 + 1 + 2 + 2 + 1);
  }
}
