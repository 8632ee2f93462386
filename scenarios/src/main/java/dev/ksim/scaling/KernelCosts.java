package dev.ksim.scaling;

import org.jspecify.annotations.Nullable;

/**
 * Per-unit costs of the real kernel, in nanoseconds, that turn counted work into an estimated
 * kernel time: an iptables rule evaluated (nf_tables backend, the one Debian's {@code iptables}
 * runs), an nftables rule, and one nftables rule that looks a packet up in a verdict map. No IPVS
 * figure: IPVS cannot be measured on a kernel without it, and ipvs rows carry no estimate.
 *
 * @param iptablesRuleNs an iptables-nft rule whose first match fails
 * @param iptablesLegacyRuleNs an iptables-legacy rule whose first match fails (for the README's
 *     comparison)
 * @param nftRuleNs an nftables rule whose first match fails
 * @param nftMapLookupNs an nftables rule doing one concatenated-key verdict map lookup that misses
 * @param source where the figures were measured
 */
public record KernelCosts(
    double iptablesRuleNs,
    double iptablesLegacyRuleNs,
    double nftRuleNs,
    double nftMapLookupNs,
    String source) {
  /**
   * Measured on this project's build machine (kernel 6.18, 2 cores, shared) by {@code ksim bench
   * --calibrate}; see the README's "How the modes scale" for the workload.
   */
  public static final KernelCosts DEFAULTS =
      new KernelCosts(
          15.0, 6.0, 15.0, 15.0, "defaults: kernel-oracle.md connect latency (6.18, 2 cores)");

  /** The kernel's estimated time for a packet's counted work in {@code mode}, or null. */
  public @Nullable Double estimateNanos(String mode, CountedWork work) {
    return switch (mode) {
      case "iptables" -> work.rules() * iptablesRuleNs + work.lookups() * nftMapLookupNs;
      case "nftables" -> work.rules() * nftRuleNs + work.lookups() * nftMapLookupNs;
      default -> null;
    };
  }
}
