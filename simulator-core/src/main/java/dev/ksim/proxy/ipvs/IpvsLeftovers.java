package dev.ksim.proxy.ipvs;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.iptables.IptablesLeftovers;
import java.util.List;

/**
 * Removes what ipvs mode leaves on a node, as upstream's ipvs {@code CleanupLeftovers}: the {@code
 * kube-ipvs0} dummy interface with its addresses, every IPVS virtual service, the iptables chains
 * ipvs mode writes (in both families) and its {@code KUBE-} ipsets. It works on the node's kernel
 * directly, so a kube-proxy starting in nftables mode clears ipvs leftovers whether or not ksim has
 * the ipvs proxier.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/ipvs/proxier.go">pkg/proxy/ipvs/proxier.go
 *     CleanupLeftovers</a>
 */
public final class IpvsLeftovers {
  /** The dummy interface ipvs mode binds the Service addresses to. */
  static final String DUMMY_INTERFACE = "kube-ipvs0";

  private static final List<String> NAT_CHAINS =
      List.of(
          "KUBE-SERVICES",
          "KUBE-POSTROUTING",
          "KUBE-NODE-PORT",
          "KUBE-LOAD-BALANCER",
          "KUBE-MARK-MASQ",
          "KUBE-FIREWALL");

  private static final List<String> FILTER_CHAINS =
      List.of(
          "KUBE-FORWARD",
          "KUBE-NODE-PORT",
          "KUBE-PROXY-FIREWALL",
          "KUBE-SOURCE-RANGES-FIREWALL",
          "KUBE-IPVS-FILTER",
          "KUBE-IPVS-OUT-FILTER");

  private IpvsLeftovers() {}

  /** Removes ipvs mode's interface, virtual services, chains and ipsets from {@code node}. */
  public static void cleanupLeftovers(NodeNetwork node) {
    Netfilter kernel = node.kernel();
    kernel.removeInterface(DUMMY_INTERFACE);
    node.ipvs().clear();
    for (IpFamily family : IpFamily.values()) {
      Ruleset ruleset = kernel.ruleset(family);
      ruleset = IptablesLeftovers.removeChains(ruleset, Table.NAT, NAT_CHAINS::contains);
      ruleset = IptablesLeftovers.removeChains(ruleset, Table.FILTER, FILTER_CHAINS::contains);
      kernel.setRuleset(family, ruleset);
    }
    kernel.ipsets().keySet().removeIf(name -> name.startsWith("KUBE-"));
  }
}
