package dev.ksim.netfilter.nft.eval;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One chain as a packet went through it: the rules that decided something (jumps nest the chains
 * they led to), how many rules were tried, and how the packet left.
 *
 * @param table the table, as {@code ip kube-proxy}
 * @param chain the chain's name
 * @param hits the rules recorded, in order
 * @param rulesEvaluated rules tried in this chain (not counting nested chains)
 * @param exit how the packet left the chain
 */
public record NftChainVisit(
    String table, String chain, List<NftRuleHit> hits, int rulesEvaluated, Exit exit) {
  /** How a packet leaves a chain. */
  public enum Exit {
    /** A rule gave a final verdict (accept, drop, reject, NAT). */
    VERDICT,
    /** The chain ended or a rule returned, back to the caller. */
    RETURNED,
    /** A goto left it for another chain, which does not come back here. */
    WENT,
    /** A base chain ended and its policy decided. */
    POLICY
  }

  public NftChainVisit {
    hits = ImmutableList.copyOf(hits);
  }
}
