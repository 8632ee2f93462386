package dev.ksim.netfilter.eval;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.CostCounter;
import dev.ksim.netfilter.Hook;
import dev.ksim.netfilter.HookVerdict;
import dev.ksim.netfilter.nft.eval.NftChainTraversal;
import java.util.List;

/**
 * A packet's passage through one hook: each table consulted, in priority order, and the hook's
 * verdict.
 *
 * @param hook the hook
 * @param tables the iptables tables, in the order they ran
 * @param nftChains the nftables base chains, in the order they ran
 * @param verdict ACCEPT unless a table dropped or rejected
 * @param cost the work done
 */
public record HookTraversal(
    Hook hook,
    List<TableTraversal> tables,
    List<NftChainTraversal> nftChains,
    HookVerdict verdict,
    CostCounter.Cost cost) {
  public HookTraversal {
    tables = ImmutableList.copyOf(tables);
    nftChains = ImmutableList.copyOf(nftChains);
  }
}
