package dev.ksim.proxy.mode;

import dev.ksim.proxy.ProxierRegistry;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.proxy.iptables.IptablesProxier;
import dev.ksim.proxy.ipvs.IpvsProxier;
import dev.ksim.proxy.nftables.NftablesProxier;

/** The proxy modes ksim implements, each registered with its proxier. */
public final class ProxyModes {
  private ProxyModes() {}

  /** Every mode ksim implements: iptables, ipvs and nftables. */
  public static ProxierRegistry builtIn() {
    return ProxierRegistry.empty()
        .with(ProxyMode.IPTABLES, IptablesProxier::new)
        .with(ProxyMode.IPVS, IpvsProxier::new)
        .with(ProxyMode.NFTABLES, NftablesProxier::new);
  }
}
