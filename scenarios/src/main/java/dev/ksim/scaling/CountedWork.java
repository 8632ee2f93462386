package dev.ksim.scaling;

import dev.ksim.ipvs.Scheduling;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.HookRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The work one packet cost the kernel model, counted (machine-independent and deterministic).
 *
 * @param rules rules evaluated (iptables rules, or nftables rules), skipped-by-index rules counted
 *     as the linear walk the kernel does
 * @param lookups set, map or virtual-service lookups (nftables maps and sets, ipsets, IPVS's
 *     service table)
 * @param conntrackLookups conntrack and IPVS connection-table lookups
 */
public record CountedWork(long rules, long lookups, long conntrackLookups) {
  /** Prefix of the IPVS handlers' names ({@code ip_vs_in_hook}, {@code ip_vs_out_hook}). */
  private static final String IPVS_HANDLER = "ip_vs_";

  /** What the netfilter model counted for one hook traversal. */
  public static CountedWork of(CostCounter.Cost cost) {
    return new CountedWork(cost.rulesEvaluated(), cost.setLookups(), cost.conntrackLookups());
  }

  /**
   * The work of a packet's passage through several hooks: what netfilter counted in each, and what
   * IPVS's handlers did there, read from their runs. Each handler run looks the packet up in the
   * connection table ({@code ip_vs_conn_out_get} in {@code ip_vs_out}, {@code ip_vs_conn_in_get} in
   * {@code ip_vs_in}); a request that IPVS scheduled (no connection held it) also looked up the
   * virtual-service table ({@code ip_vs_service_find}). The scheduling is read from the handler's
   * record, so the traversals must have been recorded.
   *
   * @see <a
   *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_core.c">ip_vs_core.c
   *     (ip_vs_out, ip_vs_in, ip_vs_schedule)</a>
   */
  public static CountedWork of(List<HookTraversal> traversals) {
    long rules = 0;
    long lookups = 0;
    long conntrack = 0;
    for (HookTraversal traversal : traversals) {
      rules += traversal.cost().rulesEvaluated();
      lookups += traversal.cost().setLookups();
      conntrack += traversal.cost().conntrackLookups();
      for (FunctionRun run : traversal.functions()) {
        if (run.name().startsWith(IPVS_HANDLER)) {
          conntrack++;
          lookups += scheduled(run.result().record()) ? 1 : 0;
        }
      }
    }
    return new CountedWork(rules, lookups, conntrack);
  }

  private static boolean scheduled(@Nullable HookRecord record) {
    return record instanceof Scheduling scheduling
        && scheduling.decidedBy() != Scheduling.DecidedBy.CONNECTION
        && scheduling.decidedBy() != Scheduling.DecidedBy.REPLY;
  }

  /** Rules plus lookups: the per-packet work the charts draw. */
  public long units() {
    return rules + lookups;
  }
}
