package dev.ksim.netfilter.table;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Target;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A chain: a built-in chain has a policy (ACCEPT or DROP), a user chain has none and returns to its
 * caller when it runs out of rules.
 *
 * <p>A value (equal by name, policy and rules) that also carries what the kernel's checks at commit
 * need of it, worked out once per instance: the chains its rules jump or go to and the hooks its
 * targets allow, as {@link ChainIds} numbers and a bit mask for the table's {@link ChainGraph}. A
 * restore that leaves a chain alone keeps the same instance, so checking a table after a partial
 * restore costs per chain, not per rule.
 *
 * <p>A chain a restore writes anew is {@linkplain #shared shared}: every kernel that builds a chain
 * of the same name, policy and rules holds the same instance (100 nodes running kube-proxy hold one
 * copy of each of its chains and rules), and what is derived from it (its jumps and hooks, its
 * destination index and address prefilter) is worked out once, on first use. A chain of one run of
 * restore lines is shared through the run instead (the run keeps the chain it makes). Nothing of a
 * kernel's own is kept in a chain: {@link RuleCounters} count by chain instance and rule position,
 * per kernel.
 */
public final class Chain {
  /** Every hook's bit: what a chain allows when none of its targets narrows it. */
  private static final int ANY_HOOK_MASK = mask(EnumSet.allOf(Hook.class));

  /** The chains kernels hold, one instance of each content, as long as a kernel holds it. */
  private static final Interner<Chain> SHARED = Interners.newWeakInterner();

  private final String name;
  private final int id;
  private final @Nullable HookVerdict policy;
  private final ImmutableList<Rule> rules;
  private final int hash;
  private volatile @Nullable Links links;
  private volatile @Nullable DestinationIndex destinationIndex;
  private volatile @Nullable AddressPrefilter addressPrefilter;

  /**
   * A chain of its own, holding {@code rules} themselves (an edit of a chain keeps its rule
   * instances, which is how {@link RuleCounters} carry their counters over).
   *
   * @param name the chain's name
   * @param policy the built-in chain's policy, null for a user chain
   * @param rules the rules, in order
   */
  public Chain(String name, @Nullable HookVerdict policy, List<Rule> rules) {
    this(name, policy, rules, true);
  }

  /**
   * A chain, its jumps and hooks worked out now ({@code linked}) or on first use (a candidate for
   * {@link #shared}, most often dropped for the instance already shared).
   */
  private Chain(String name, @Nullable HookVerdict policy, List<Rule> rules, boolean linked) {
    this.name = requireNonNull(name, "name");
    this.id = ChainIds.of(name);
    this.policy = policy;
    this.rules = ImmutableList.copyOf(rules);
    int h = name.hashCode() * 31 + (policy == null ? 0 : policy.name().hashCode());
    for (Rule rule : this.rules) {
      h = h * 31 + shape(rule);
    }
    this.hash = h;
    if (linked) {
      links();
    }
  }

  /**
   * The chain of this name, policy and rules that every kernel shares: the instance built first,
   * while any kernel holds it. What is derived from a shared chain exists once for all kernels.
   *
   * @param name the chain's name
   * @param policy the built-in chain's policy, null for a user chain
   * @param rules the rules, in order
   */
  public static Chain shared(String name, @Nullable HookVerdict policy, List<Rule> rules) {
    Chain chain = SHARED.intern(new Chain(name, policy, rules, false));
    // the names it jumps to are numbered before the graph of a table holding it is derived
    chain.links();
    return chain;
  }

  /**
   * The chains this chain's rules jump or go to and the hooks its targets allow, worked out on
   * first use: a shared chain works them out once for every kernel that holds it.
   */
  private Links links() {
    Links known = links;
    if (known == null) {
      known = Links.of(rules);
      links = known;
    }
    return known;
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

  /** The {@link ChainIds} number of the chain's name: its slot in a {@link ChainGraph}. */
  public int id() {
    return id;
  }

  /**
   * The {@link ChainIds} numbers of the chains this chain's rules jump or go to, each once, in the
   * order first referenced (read only: the array may be shared).
   */
  int[] jumps() {
    return links().jumps;
  }

  /** The hooks every target of this chain may be reached from, as {@link ChainGraph#bit}s. */
  int hookMask() {
    return links().hookMask;
  }

  public boolean isBuiltin() {
    return policy != null;
  }

  /** This chain with {@code newRules}: a chain of its own (see the constructor). */
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
        && hash == that.hash
        && name.equals(that.name)
        && policy == that.policy
        && rules.equals(that.rules);
  }

  /**
   * A hash of a rule that builds nothing: where it jumps (which tells apart the chains of one name
   * that kube-proxy writes for different endpoints), else how many matches it has. A rule's text is
   * built on first use ({@link Rule#of}), and interning a chain must not build it.
   */
  private static int shape(Rule rule) {
    Target target = rule.target();
    String reference = target == null ? null : target.chainReference();
    return reference != null ? reference.hashCode() : rule.matches().size();
  }

  /** Worked out once, from the name, the policy and each rule's shape: cheap to intern by. */
  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Chain[name=" + name + ", policy=" + policy + ", rules=" + rules + "]";
  }

  /**
   * A chain's jumps, as {@link ChainIds} numbers in the order first referenced, and the hooks its
   * targets allow, as a {@link ChainGraph#bit} mask.
   */
  private static final class Links {
    final int[] jumps;
    final int hookMask;

    private Links(int[] jumps, int hookMask) {
      this.jumps = jumps;
      this.hookMask = hookMask;
    }

    @SuppressWarnings("ReferenceEquality") // Target.ANY_HOOK is the set every such target returns
    static Links of(List<Rule> rules) {
      ChainIds.Jumps jumps = new ChainIds.Jumps();
      int hooks = ANY_HOOK_MASK;
      for (Rule rule : rules) {
        Target target = rule.target();
        if (target != null) {
          String reference = target.chainReference();
          if (reference != null) {
            jumps.add(reference);
          }
          // most targets allow every hook: only the others narrow the chain's set
          if (target.allowedHooks() != Target.ANY_HOOK) {
            hooks &= mask(target.allowedHooks());
          }
        }
      }
      return new Links(jumps.ids(), hooks);
    }
  }
}
