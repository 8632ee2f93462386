package dev.ksim.netfilter.eval;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.table.Table;
import java.util.List;

/**
 * One chain as a packet went through it: the rules that matched (jumps nest the chains they led
 * to), how many rules were tried, and how the packet left.
 *
 * @param table the table
 * @param chain the chain's name
 * @param hits the rules that matched, in order
 * @param rulesEvaluated rules tried in this chain (not counting nested chains)
 * @param exit how the packet left the chain
 */
public record ChainVisit(
    Table table, String chain, List<RuleHit> hits, int rulesEvaluated, Exit exit) {
  /** How a packet leaves a chain. */
  public enum Exit {
    /** A terminal target decided (ACCEPT, DROP, REJECT, NAT). */
    VERDICT,
    /** RETURN, or the end of a user chain: back to the caller. */
    RETURNED,
    /** The end of a built-in chain: its policy decided. */
    POLICY
  }

  public ChainVisit {
    hits = ImmutableList.copyOf(hits);
  }
}
