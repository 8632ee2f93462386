package dev.ksim.netfilter.table;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Target;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A chain: a built-in chain has a policy (ACCEPT or DROP), a user chain has none and returns to its
 * caller when it runs out of rules.
 *
 * <p>A value (equal by name, policy and rules) that also carries what the kernel's checks at commit
 * need of it, worked out once when it is built: the chains its rules jump or go to and the hooks
 * its targets allow, as {@link ChainIds} numbers and a bit mask for the table's {@link ChainGraph}.
 * A restore that leaves a chain alone keeps the same instance, so checking a table after a partial
 * restore costs per chain, not per rule.
 */
public final class Chain {
  /** Every hook's bit: what a chain allows when none of its targets narrows it. */
  private static final int ANY_HOOK_MASK = mask(EnumSet.allOf(Hook.class));

  private final String name;
  private final int id;
  private final @Nullable HookVerdict policy;
  private final ImmutableList<Rule> rules;
  private final int[] jumps;
  private final int hookMask;
  private volatile @Nullable DestinationIndex destinationIndex;
  private volatile @Nullable AddressPrefilter addressPrefilter;

  /**
   * A chain.
   *
   * @param name the chain's name
   * @param policy the built-in chain's policy, null for a user chain
   * @param rules the rules, in order
   */
  @SuppressWarnings("ReferenceEquality") // Target.ANY_HOOK is the set every such target returns
  public Chain(String name, @Nullable HookVerdict policy, List<Rule> rules) {
    this.name = requireNonNull(name, "name");
    this.id = ChainIds.of(name);
    this.policy = policy;
    this.rules = ImmutableList.copyOf(rules);
    Set<String> targets = new LinkedHashSet<>();
    int hooks = ANY_HOOK_MASK;
    for (Rule rule : this.rules) {
      Target target = rule.target();
      if (target != null) {
        String reference = target.chainReference();
        if (reference != null) {
          targets.add(reference);
        }
        // most targets allow every hook: only the others narrow the chain's set
        if (target.allowedHooks() != Target.ANY_HOOK) {
          hooks &= mask(target.allowedHooks());
        }
      }
    }
    this.jumps = ChainIds.of(targets);
    this.hookMask = hooks;
  }

  private static int mask(Set<Hook> hooks) {
    int mask = 0;
    for (Hook hook : hooks) {
      mask |= ChainGraph.bit(hook);
    }
    return mask;
  }

  public String name() {
    return name;
  }

  public @Nullable HookVerdict policy() {
    return policy;
  }

  public ImmutableList<Rule> rules() {
    return rules;
  }

  /** The {@link ChainIds} number of the chain's name. */
  int id() {
    return id;
  }

  /**
   * The {@link ChainIds} numbers of the chains this chain's rules jump or go to, each once, in the
   * order first referenced (read only: the array may be shared).
   */
  int[] jumps() {
    return jumps;
  }

  /** The hooks every target of this chain may be reached from, as {@link ChainGraph#bit}s. */
  int hookMask() {
    return hookMask;
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

  /**
   * The index of this chain's {@code -d ADDRESS} rules, built on first use (the walker asks only
   * for long chains). Racing builders build equal indexes, and the index's fields are final, so no
   * lock is needed (likewise for the prefilter).
   */
  public DestinationIndex destinationIndex() {
    DestinationIndex index = destinationIndex;
    if (index == null) {
      index = DestinationIndex.of(rules);
      destinationIndex = index;
    }
    return index;
  }

  /**
   * The packed leading matches of this chain's rules ({@code -s}/{@code -d}, or {@code -p} with its
   * {@code --dport}), built on first use.
   */
  public AddressPrefilter addressPrefilter() {
    AddressPrefilter prefilter = addressPrefilter;
    if (prefilter == null) {
      prefilter = AddressPrefilter.of(rules);
      addressPrefilter = prefilter;
    }
    return prefilter;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Chain that
        && name.equals(that.name)
        && policy == that.policy
        && rules.equals(that.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, policy, rules);
  }

  @Override
  public String toString() {
    return "Chain[name=" + name + ", policy=" + policy + ", rules=" + rules + "]";
  }
}
