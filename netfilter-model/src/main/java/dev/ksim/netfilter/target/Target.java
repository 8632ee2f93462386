package dev.ksim.netfilter.target;

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

  /** The chain a jump or goto leads to, null otherwise. */
  default @Nullable String chainReference() {
    return null;
  }
}
