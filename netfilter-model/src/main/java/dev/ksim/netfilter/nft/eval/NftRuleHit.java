package dev.ksim.netfilter.nft.eval;

import org.jspecify.annotations.Nullable;

/**
 * A rule that decided something about the packet (or, in a verbose recording, one that was tried
 * and did not match).
 *
 * @param ruleNumber 1-based position in its chain
 * @param handle the rule's handle
 * @param ruleText the rule as {@code nft list} prints it
 * @param outcome what the rule did: its verdict ({@code jump services}, {@code accept}, ...), or
 *     {@code continue} when it matched without one
 * @param lookup what a set or map lookup found, as a reader understands it, or null
 * @param jumpedInto the chain it jumped or went to, as visited
 * @param missedOn for a rule that did not match, the statement that failed
 */
public record NftRuleHit(
    int ruleNumber,
    long handle,
    String ruleText,
    String outcome,
    @Nullable String lookup,
    @Nullable NftChainVisit jumpedInto,
    @Nullable String missedOn) {
  public boolean matched() {
    return missedOn == null;
  }
}
