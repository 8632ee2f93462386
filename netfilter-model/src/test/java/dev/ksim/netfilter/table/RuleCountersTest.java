package dev.ksim.netfilter.table;

import static dev.ksim.netfilter.NetfilterHarness.filter;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.NetfilterHarness;
import dev.ksim.netfilter.target.Accept;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Counters by table, chain and rule position, per kernel, while the chains themselves are shared by
 * every kernel that holds the same one: what a restore keeps, rewrites or edits decides which
 * counters last, as with iptables-legacy-restore.
 */
class RuleCountersTest {
  private static final String RULES =
      filter(
          """
          :KUBE-A - [0:0]
          -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
          -A INPUT -p tcp -m tcp --dport 80 -j KUBE-A
          -A KUBE-A -p tcp -m tcp --dport 80 -j ACCEPT
          """);

  @Test
  void kernelsShareTheirChainsButCountTheirOwnPackets() {
    NetfilterHarness one = NetfilterHarness.of(RULES);
    NetfilterHarness two = NetfilterHarness.of(RULES);
    Chain input = input(one.kernel());
    assertThat(input).isSameAs(input(two.kernel()));

    one.send(tcp("203.0.113.9:1000", "192.168.80.101:22"));
    one.send(tcp("203.0.113.9:1001", "192.168.80.101:80"));

    assertThat(counters(one.kernel()).rule(Table.FILTER, input, 0)).containsExactly(1, 60);
    assertThat(counters(one.kernel()).rule(Table.FILTER, input, 1)).containsExactly(1, 60);
    assertThat(counters(two.kernel()).rule(Table.FILTER, input, 0)).containsExactly(0, 0);
    assertThat(
            IptablesSaveWriter.save(
                two.kernel().ruleset(IpFamily.IPV4), null, counters(two.kernel()), false))
        .contains("[0:0] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
  }

  @Test
  void aChainLeftAloneKeepsItsCountersAndOneWrittenAgainStartsAtZero() {
    NetfilterHarness harness = NetfilterHarness.of(RULES);
    harness.send(tcp("203.0.113.9:1001", "192.168.80.101:80"));

    restore(
        harness.kernel(),
        "*filter\n:KUBE-A - [0:0]\n-A KUBE-A -p tcp -m tcp --dport 80 -j ACCEPT\nCOMMIT\n");

    Chain input = input(harness.kernel());
    Chain kubeA =
        harness.kernel().ruleset(IpFamily.IPV4).table(Table.FILTER).chain("KUBE-A").orElseThrow();
    assertThat(counters(harness.kernel()).rule(Table.FILTER, input, 1)).containsExactly(1, 60);
    assertThat(counters(harness.kernel()).rule(Table.FILTER, kubeA, 0)).containsExactly(0, 0);
    assertThat(
            IptablesSaveWriter.save(
                harness.kernel().ruleset(IpFamily.IPV4), null, counters(harness.kernel()), false))
        .contains("[1:60] -A INPUT -p tcp -m tcp --dport 80 -j KUBE-A\n")
        .contains("[0:0] -A KUBE-A -p tcp -m tcp --dport 80 -j ACCEPT\n");
  }

  @Test
  void aChainEditedInPlaceKeepsTheCountersOfTheRulesItKept() {
    NetfilterHarness harness = NetfilterHarness.of(RULES);
    harness.send(tcp("203.0.113.9:1000", "192.168.80.101:22"));
    harness.send(tcp("203.0.113.9:1001", "192.168.80.101:80"));
    harness.send(tcp("203.0.113.9:1002", "192.168.80.101:80"));

    restore(harness.kernel(), "*filter\n-I INPUT 1 -p udp -j ACCEPT\nCOMMIT\n");
    Chain inserted = input(harness.kernel());
    assertThat(counters(harness.kernel()).rule(Table.FILTER, inserted, 0)).containsExactly(0, 0);
    assertThat(counters(harness.kernel()).rule(Table.FILTER, inserted, 1)).containsExactly(1, 60);
    assertThat(counters(harness.kernel()).rule(Table.FILTER, inserted, 2)).containsExactly(2, 120);

    restore(harness.kernel(), "*filter\n-D INPUT 2\nCOMMIT\n");
    Chain deleted = input(harness.kernel());
    assertThat(counters(harness.kernel()).rule(Table.FILTER, deleted, 0)).containsExactly(0, 0);
    assertThat(counters(harness.kernel()).rule(Table.FILTER, deleted, 1)).containsExactly(2, 120);
  }

  @Test
  void zeroingClearsRulesAndPolicies() {
    NetfilterHarness harness = NetfilterHarness.of(RULES);
    harness.send(tcp("203.0.113.9:1000", "192.168.80.101:22"));
    harness.send(tcp("203.0.113.9:1001", "192.168.80.101:443"));
    RuleCounters counters = counters(harness.kernel());
    assertThat(counters.policy(Table.FILTER, "INPUT")).containsExactly(1, 60);

    counters.clear();

    assertThat(counters.rule(Table.FILTER, input(harness.kernel()), 0)).containsExactly(0, 0);
    assertThat(counters.policy(Table.FILTER, "INPUT")).containsExactly(0, 0);
    assertThat(counters.policy(Table.FILTER, "KUBE-A")).containsExactly(0, 0);
  }

  /**
   * The counted chains are kept in a table of their own, by chain number and then by instance: many
   * chains (past its first size), and chains of one name that are different instances, each keep
   * exactly the counts they were given, as a map by instance keeps them.
   */
  @Test
  void manyChainsAndChainsOfOneNameAreCountedApart() {
    RuleCounters counters = new RuleCounters();
    IdentityHashMap<Chain, long[]> expected = new IdentityHashMap<>();
    List<Chain> chains = new ArrayList<>();
    for (int c = 0; c < 300; c++) {
      // every name twice: an old instance and the one that replaced it
      String name = "KUBE-COUNTED-" + (c / 2);
      List<Rule> rules = new ArrayList<>();
      for (int r = 0; r <= c % 5; r++) {
        rules.add(new Rule(List.of(), new Accept(), "-j ACCEPT"));
      }
      Chain chain = new Chain(name, null, rules);
      chains.add(chain);
      expected.put(chain, new long[rules.size() * 2]);
    }
    SplittableRandom random = new SplittableRandom(16);
    for (int n = 0; n < 5_000; n++) {
      Chain chain = chains.get(random.nextInt(chains.size()));
      int position = random.nextInt(chain.rules().size());
      int bytes = 40 + random.nextInt(1_000);
      counters.countRule(Table.NAT, chain, position, bytes);
      expected.get(chain)[position * 2]++;
      expected.get(chain)[position * 2 + 1] += bytes;
    }

    for (Chain chain : chains) {
      for (int position = 0; position < chain.rules().size(); position++) {
        long[] want = expected.get(chain);
        assertThat(counters.rule(Table.NAT, chain, position))
            .as("%s rule %s", chain.name(), position)
            .containsExactly(want[position * 2], want[position * 2 + 1]);
        assertThat(counters.rule(Table.FILTER, chain, position)).containsExactly(0, 0);
      }
    }
  }

  /**
   * A restore carries over the counters of the chain it kept as it was, not those of an older
   * instance of the same name holding the same rules, even when the older one was counted first
   * (and so sits first in the table of counted chains).
   */
  @Test
  void aKeptChainKeepsItsOwnCountersBeforeAnOlderInstanceOfItsName() {
    NetfilterHarness harness = NetfilterHarness.of(RULES);
    RuleCounters counters = counters(harness.kernel());
    Chain kept = input(harness.kernel());
    Chain older = new Chain(kept.name(), null, kept.rules());
    counters.countRule(Table.FILTER, older, 0, 1_000);
    harness.send(tcp("203.0.113.9:1000", "192.168.80.101:22"));

    // a state that keeps INPUT as it was (the harness's own state has it written by its restore)
    counters.replaced(Table.FILTER, new TableState(Table.FILTER, Map.of(kept.name(), kept)));

    assertThat(counters.rule(Table.FILTER, kept, 0)).containsExactly(1, 60);
  }

  private static Chain input(Netfilter kernel) {
    return kernel.ruleset(IpFamily.IPV4).table(Table.FILTER).chain("INPUT").orElseThrow();
  }

  private static RuleCounters counters(Netfilter kernel) {
    return kernel.counters(IpFamily.IPV4);
  }

  private static void restore(Netfilter kernel, String text) {
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser("test.rules", RuleEnvironment.PERMISSIVE, true)
            .parse(text, kernel.ruleset(IpFamily.IPV4)));
  }
}
