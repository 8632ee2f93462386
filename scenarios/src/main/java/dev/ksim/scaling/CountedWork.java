package dev.ksim.scaling;

import dev.ksim.netfilter.hook.CostCounter;

/**
 * The work one packet cost the kernel model, counted (machine-independent and deterministic).
 *
 * @param rules rules evaluated (iptables rules, or nftables rules), skipped-by-index rules counted
 *     as the linear walk the kernel does
 * @param lookups set, map or virtual-service lookups (nftables maps and sets, ipsets, IPVS's
 *     service table)
 * @param conntrackLookups conntrack (or IPVS connection table) lookups
 */
public record CountedWork(long rules, long lookups, long conntrackLookups) {
  /** What the netfilter model counted for one hook traversal. */
  public static CountedWork of(CostCounter.Cost cost) {
    return new CountedWork(cost.rulesEvaluated(), cost.setLookups(), cost.conntrackLookups());
  }

  /** Rules plus lookups: the per-packet work the charts draw. */
  public long units() {
    return rules + lookups;
  }
}
