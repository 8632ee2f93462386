package dev.ksim.netfilter.eval;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.nft.eval.NftChainTraversal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A packet's passage through one hook: each table consulted, in priority order, each registered
 * hook function that ran (IPVS, ...), and the hook's verdict.
 *
 * @param hook the hook
 * @param tables the iptables tables, in the order they ran
 * @param nftChains the nftables base chains, in the order they ran
 * @param verdict ACCEPT unless a table, chain or function dropped or rejected
 * @param cost the work done
 * @param functions the registered functions that ran, in the order they ran
 */
public record HookTraversal(
    Hook hook,
    List<TableTraversal> tables,
    List<NftChainTraversal> nftChains,
    HookVerdict verdict,
    CostCounter.Cost cost,
    List<FunctionRun> functions) {
  public HookTraversal {
    tables = ImmutableList.copyOf(tables);
    nftChains = ImmutableList.copyOf(nftChains);
    functions = ImmutableList.copyOf(functions);
  }

  /** A passage through the iptables tables alone. */
  public HookTraversal(
      Hook hook, List<TableTraversal> tables, HookVerdict verdict, CostCounter.Cost cost) {
    this(hook, tables, ImmutableList.of(), verdict, cost, ImmutableList.of());
  }

  /** The function that took the packet and sent it on itself (NF_STOLEN), or null. */
  public @Nullable FunctionRun stolenBy() {
    return FunctionRun.stolen(functions);
  }
}
