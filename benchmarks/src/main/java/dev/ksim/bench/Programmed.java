package dev.ksim.bench;

import dev.ksim.ipvs.VirtualServer;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftTable;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.ProxyMode;
import java.util.List;
import java.util.Locale;

/**
 * What kube-proxy programmed on one node's IPv4 side, counted in its mode's own objects: iptables
 * rules (nat and filter) in every iptables-based mode; in ipvs mode also the virtual services,
 * their real servers and the ipset entries; in nftables mode the rules and the set and map elements
 * of the {@code ip kube-proxy} table.
 *
 * @param text the counts as the report prints them ({@code rules=320052}, ...)
 * @param objects all of them, the denominator of the report's heap per object
 */
record Programmed(String text, long objects) {
  private static final String NFT_TABLE = "kube-proxy";

  static Programmed on(NodeNetwork node, ProxyMode mode) {
    Netfilter kernel = node.kernel();
    return switch (mode) {
      case IPTABLES -> {
        int rules = iptablesRules(kernel);
        yield new Programmed("rules=" + rules, rules);
      }
      case IPVS -> {
        int rules = iptablesRules(kernel);
        List<VirtualServer> services = node.ipvs().services();
        long realServers = services.stream().mapToLong(s -> s.destinations().size()).sum();
        long entries = kernel.ipsets().values().stream().mapToLong(s -> s.members().size()).sum();
        yield new Programmed(
            String.format(
                Locale.ROOT,
                "rules=%d virtual-services=%d real-servers=%d ipset-entries=%d",
                rules,
                services.size(),
                realServers,
                entries),
            rules + services.size() + realServers + entries);
      }
      case NFTABLES -> {
        NftTable table = kernel.nftables().table(NftFamily.IP, NFT_TABLE).orElseThrow();
        long rules = table.chains().values().stream().mapToLong(c -> c.rules().size()).sum();
        long elements = table.sets().values().stream().mapToLong(s -> s.elements().size()).sum();
        yield new Programmed(
            String.format(
                Locale.ROOT,
                "nft-rules=%d nft-chains=%d nft-elements=%d",
                rules,
                table.chains().size(),
                elements),
            rules + elements);
      }
    };
  }

  private static int iptablesRules(Netfilter kernel) {
    Ruleset ruleset = kernel.ruleset(IpFamily.IPV4);
    return ruleset.table(Table.NAT).ruleCount() + ruleset.table(Table.FILTER).ruleCount();
  }
}
