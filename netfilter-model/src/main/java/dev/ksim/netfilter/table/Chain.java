package dev.ksim.netfilter.table;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.HookVerdict;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chain: a built-in chain has a policy (ACCEPT or DROP), a user chain has none and returns to its
 * caller when it runs out of rules.
 *
 * @param name the chain's name
 * @param policy the built-in chain's policy, null for a user chain
 * @param rules the rules, in order
 */
public record Chain(String name, @Nullable HookVerdict policy, List<Rule> rules) {
  public Chain {
    rules = ImmutableList.copyOf(rules);
  }

  public boolean isBuiltin() {
    return policy != null;
  }

  public Chain withRules(List<Rule> newRules) {
    return new Chain(name, policy, newRules);
  }

  public Chain withPolicy(HookVerdict newPolicy) {
    return new Chain(name, newPolicy, rules);
  }
}
