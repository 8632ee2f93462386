package dev.ksim.scaling;

import org.jspecify.annotations.Nullable;

/**
 * Per-unit costs of the real kernel, in nanoseconds, that turn counted work into an estimated
 * kernel time: an iptables rule evaluated (nf_tables backend, the one Debian's {@code iptables}
 * runs), an nftables rule, one nftables rule that looks a packet up in a verdict map, and the
 * conntrack lookup every packet pays. No IPVS figure: IPVS cannot be measured on a kernel without
 * it and no published per-lookup figure was found, so ipvs rows carry no estimate.
 *
 * @param iptablesRuleNs an iptables-nft rule whose first match fails
 * @param iptablesLegacyRuleNs an iptables-legacy rule whose first match fails (for the README's
 *     comparison)
 * @param nftRuleNs an nftables rule whose first match fails
 * @param nftMapLookupNs an nftables rule doing one concatenated-key verdict map lookup that misses
 * @param conntrackLookupNs conntrack's work for a packet of a connection it holds ({@code
 *     nf_conntrack_in}: the hash lookup and the entry's update), in a table of 50,000 entries
 * @param source where the figures were measured
 */
public record KernelCosts(
    double iptablesRuleNs,
    double iptablesLegacyRuleNs,
    double nftRuleNs,
    double nftMapLookupNs,
    double conntrackLookupNs,
    String source) {
  /**
   * This project's build machine (kernel 6.18, 2 cores): iptables per rule from the kernel oracle's
   * connect latency to the first and the last of 10,000 Services on a quiet machine (15 ns
   * iptables-nft, 6 ns legacy); nftables per rule and per map lookup from {@code ksim bench
   * --calibrate} on 2026-12-05 (machine loaded: iptables-nft 35.8, nft rule 21.9, map lookup 64.3
   * ns more than a rule), scaled by the same factor (15 / 35.8) to the quiet figure; conntrack from
   * the same calibration's conntrack stage, run by hand on 2026-12-05 at a load average near 29
   * (CPU time per datagram, fastest of 15 turns: 3,908 ns untracked, 4,338 ns tracked among 50,000
   * entries), not scaled: CPU time is inflated by the load far less than wall time, and the fastest
   * turns least. The README's "How the modes scale" gives the workloads.
   */
  public static final KernelCosts DEFAULTS =
      new KernelCosts(
          15.0, 6.0, 9.2, 26.9, 430, "defaults: this machine, README 'How the modes scale'");

  /** The kernel's estimated time for a packet's counted work in {@code mode}, or null. */
  public @Nullable Double estimateNanos(String mode, CountedWork work) {
    return switch (mode) {
      case "iptables" ->
          work.rules() * iptablesRuleNs + work.lookups() * nftMapLookupNs + conntrack(work);
      case "nftables" ->
          work.rules() * nftRuleNs + work.lookups() * nftMapLookupNs + conntrack(work);
      default -> null;
    };
  }

  private double conntrack(CountedWork work) {
    return work.conntrackLookups() * conntrackLookupNs;
  }
}
