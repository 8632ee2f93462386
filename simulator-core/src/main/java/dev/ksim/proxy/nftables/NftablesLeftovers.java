package dev.ksim.proxy.nftables;

import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.node.NodeNetwork;

/**
 * Removes what nftables mode leaves on a node, as upstream's {@code CleanupLeftovers}: the {@code
 * kube-proxy} table of the {@code ip} and {@code ip6} families, with everything in it. Other tables
 * (a user's, the iptables-nft ones) stay.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/nftables/proxier.go">pkg/proxy/nftables/proxier.go
 *     CleanupLeftovers</a>
 */
public final class NftablesLeftovers {
  private NftablesLeftovers() {}

  /** Deletes the {@code ip kube-proxy} and {@code ip6 kube-proxy} tables of {@code node}. */
  public static void cleanupLeftovers(NodeNetwork node) {
    Netfilter kernel = node.kernel();
    kernel.setNftables(
        new NftRuleset(
            kernel.nftables().tables().stream()
                .filter(
                    t ->
                        !(NftablesProxier.TABLE.equals(t.name())
                            && (t.family() == NftFamily.IP || t.family() == NftFamily.IP6)))
                .toList()));
  }
}
