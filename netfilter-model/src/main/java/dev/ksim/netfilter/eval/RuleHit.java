package dev.ksim.netfilter.eval;

import dev.ksim.netfilter.target.Target;
import org.jspecify.annotations.Nullable;

/**
 * A rule that matched, or (in a verbose recording) one that was tried and did not.
 *
 * @param ruleNumber 1-based, as {@code iptables -L --line-numbers}
 * @param ruleText the rule as iptables-save prints it ({@code -A CHAIN ...})
 * @param target what it did (null for a rule without target)
 * @param jumpedInto the chain it jumped or went to, as visited
 * @param draw the probability of the statistic match that decided, if one did
 * @param missedOn for a rule that did not match, the match that failed (as iptables-save prints it)
 */
public record RuleHit(
    int ruleNumber,
    String ruleText,
    @Nullable Target target,
    @Nullable ChainVisit jumpedInto,
    @Nullable Double draw,
    @Nullable String missedOn) {

  /** Whether the rule matched (a verbose recording also lists the rules that did not). */
  public boolean matched() {
    return missedOn == null;
  }
}
