package dev.ksim.netfilter.eval;

import dev.ksim.netfilter.target.Target;
import org.jspecify.annotations.Nullable;

/**
 * A rule that matched.
 *
 * @param ruleNumber 1-based, as {@code iptables -L --line-numbers}
 * @param ruleText the rule as iptables-save prints it ({@code -A CHAIN ...})
 * @param target what it did (null for a rule without target)
 * @param jumpedInto the chain it jumped or went to, as visited
 * @param draw the probability of the statistic match that decided, if one did
 */
public record RuleHit(
    int ruleNumber,
    String ruleText,
    @Nullable Target target,
    @Nullable ChainVisit jumpedInto,
    @Nullable Double draw) {}
