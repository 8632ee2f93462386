package dev.ksim.proxy.mode;

import dev.ksim.proxy.ProxierRegistry;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.proxy.iptables.IptablesLeftovers;
import dev.ksim.proxy.iptables.IptablesProxier;
import dev.ksim.proxy.ipvs.IpvsLeftovers;
import dev.ksim.proxy.ipvs.IpvsProxier;
import dev.ksim.proxy.nftables.NftablesLeftovers;
import dev.ksim.proxy.nftables.NftablesProxier;

/** The proxy modes ksim implements, each registered with its proxier and its leftovers. */
public final class ProxyModes {
  private ProxyModes() {}

  /**
   * Every mode ksim implements: iptables, ipvs and nftables, each with the clean-up of its
   * leftovers that another mode's start-up runs (platformCleanup).
   */
  public static ProxierRegistry builtIn() {
    return ProxierRegistry.empty()
        .with(ProxyMode.IPTABLES, IptablesProxier::new)
        .withLeftovers(ProxyMode.IPTABLES, IptablesLeftovers::cleanupLeftovers)
        .with(ProxyMode.IPVS, IpvsProxier::new)
        .withLeftovers(ProxyMode.IPVS, IpvsLeftovers::cleanupLeftovers)
        .with(ProxyMode.NFTABLES, NftablesProxier::new)
        .withLeftovers(ProxyMode.NFTABLES, NftablesLeftovers::cleanupLeftovers);
  }
}
