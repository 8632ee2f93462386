package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a rule does when it matches. {@link #outcome} says it to the walker; {@link #save} and
 * {@link #list} print it as iptables-save and iptables -L do.
 */
public sealed interface Target
    permits Accept,
        Drop,
        Reject,
        Return,
        Jump,
        Goto,
        Dnat,
        Snat,
        Masquerade,
        Redirect,
        MarkTarget,
        Notrack,
        Log,
        Trace {

  /** The name in iptables -L's target column. */
  String name();

  /**
   * The target's part of an iptables-save line, e.g. {@code -j DNAT --to-destination 1.2.3.4:80}.
   */
  String save();

  /** The target's part of the last iptables -L column. */
  String list(boolean numeric);

  /** What the walker does next. */
  TargetOutcome outcome();

  /** Every hook. */
  Set<Hook> ANY_HOOK = Sets.immutableEnumSet(EnumSet.allOf(Hook.class));

  /**
   * The hooks a chain holding this target may be reached from; the kernel refuses a ruleset where a
   * chain with the target is reachable from another (each xt target's {@code hooks} mask).
   */
  default Set<Hook> allowedHooks() {
    return ANY_HOOK;
  }

  /** The chain a jump or goto leads to, null otherwise. */
  default @Nullable String chainReference() {
    return null;
  }
}
