package dev.ksim.netfilter.table;

import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.NetfilterHarness;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Accept;
import dev.ksim.netfilter.target.Drop;
import dev.ksim.netfilter.target.Goto;
import dev.ksim.netfilter.target.Jump;
import dev.ksim.netfilter.target.MarkTarget;
import dev.ksim.netfilter.target.Return;
import dev.ksim.netfilter.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RuleTest {
  @Test
  void aRulesOutcomeIsItsTargetsMadeOnceAndAJumpsChainIsTheNumberOfItsName() {
    for (Target target :
        List.of(
            new Jump("RULE-TEST-A"),
            new Goto("RULE-TEST-B"),
            new Accept(),
            new Drop(),
            new Return(),
            new MarkTarget(0x4000, 0x4000))) {
      Rule rule = Rule.of(List.of(), target);

      assertThat(rule.outcome()).isEqualTo(target.outcome()).isSameAs(rule.outcome());
      String chain = target.outcome().chain();
      if (chain != null) {
        assertThat(rule.jumpChain()).isEqualTo(ChainIds.find(chain)).isEqualTo(rule.jumpChain());
      }
    }
    assertThat(Rule.of(List.of(), null).outcome()).isNull();
    assertThatThrownBy(() -> Rule.of(List.of(), new Accept()).jumpChain())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void oneRuleInstanceJumpsToTheChainOfThatNameInEachTableItIsIn() {
    Rule jump = Rule.of(List.of(), new Jump("RULE-TEST-TARGET"));
    Netfilter kernel = NetfilterHarness.of("").kernel();

    kernel.setRuleset(IpFamily.IPV4, Ruleset.EMPTY.with(filter(jump, new Drop())));
    HookVerdict first = outputVerdict(kernel);
    kernel.setRuleset(IpFamily.IPV4, Ruleset.EMPTY.with(filter(jump, new Accept())));
    HookVerdict second = outputVerdict(kernel);
    kernel.setRuleset(IpFamily.IPV4, Ruleset.EMPTY.with(filter(jump, null)));
    HookVerdict third = outputVerdict(kernel);

    assertThat(List.of(first, second, third))
        .containsExactly(HookVerdict.DROP, HookVerdict.ACCEPT, HookVerdict.DROP);
  }

  /**
   * A filter table whose OUTPUT (policy DROP) runs {@code jump}, its chain's one rule's target
   * {@code verdict} (none: the chain returns).
   */
  private static TableState filter(Rule jump, @Nullable Target verdict) {
    Map<String, Chain> chains = new LinkedHashMap<>();
    chains.put("INPUT", new Chain("INPUT", HookVerdict.ACCEPT, List.of()));
    chains.put("FORWARD", new Chain("FORWARD", HookVerdict.ACCEPT, List.of()));
    chains.put("OUTPUT", new Chain("OUTPUT", HookVerdict.DROP, List.of(jump)));
    chains.put(
        "RULE-TEST-TARGET",
        new Chain(
            "RULE-TEST-TARGET",
            null,
            verdict == null ? List.of() : List.of(Rule.of(List.of(), verdict))));
    return new TableState(Table.FILTER, chains);
  }

  private static HookVerdict outputVerdict(Netfilter kernel) {
    return kernel
        .hook(
            Hook.OUTPUT,
            new PacketInFlight(tcp("192.0.2.1:40000", "198.51.100.9:80")),
            Recording.NONE)
        .verdict();
  }
}
