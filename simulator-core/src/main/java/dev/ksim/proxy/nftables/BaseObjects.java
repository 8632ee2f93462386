package dev.ksim.proxy.nftables;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The objects of the {@code kube-proxy} table that do not belong to a Service: the table, the base
 * chains with their hooks and priorities, the helper chains and their rules, the sets and maps, and
 * the nodeport-ips elements. A full sync adds them and flushes them, then refills them.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go">proxier.go
 *     setupNFTables</a>
 */
final class BaseObjects {
  private static final String NEW = "ct state new ";
  private static final String DESTINATION_KEY = " daddr . meta l4proto . th dport";

  private final String ipx;
  private final String addressType;
  private final String mark;
  private final Optional<List<IpAddress>> nodePortIps;
  private final List<Cidr> serviceCidrs;
  private int ruleCount;

  /**
   * @param nodePortIps the nodeport-ips elements, empty when NodePorts answer on every local
   *     address but loopback
   * @param serviceCidrs the Service ranges of this family (the "unallocated ClusterIPs" drop rule)
   */
  BaseObjects(
      String ipx, String mark, Optional<List<IpAddress>> nodePortIps, List<Cidr> serviceCidrs) {
    this.ipx = ipx;
    this.addressType = ipx.equals("ip") ? "ipv4_addr" : "ipv6_addr";
    this.mark = mark;
    this.nodePortIps = nodePortIps;
    this.serviceCidrs = List.copyOf(serviceCidrs);
  }

  /** The rules the base chains hold. */
  int ruleCount() {
    return ruleCount;
  }

  void write(Transaction tx) {
    ruleCount = 0;
    tx.command("add table", "{ comment \"rules for kube-proxy\" ; }");
    baseChain(tx, "filter-prerouting-pre-dnat", "filter", "prerouting", -110);
    baseChain(tx, "filter-output-pre-dnat", "filter", "output", -110);
    baseChain(tx, "nat-prerouting", "nat", "prerouting", -100);
    baseChain(tx, "nat-output", "nat", "output", -100);
    baseChain(tx, "filter-forward", "filter", "forward", 0);
    baseChain(tx, "filter-input", "filter", "input", 0);
    baseChain(tx, "filter-output", "filter", "output", 0);
    baseChain(tx, "nat-postrouting", "nat", "postrouting", 100);
    for (String chain :
        List.of(
            "firewall-check",
            "services",
            "service-endpoints-check",
            "nodeport-endpoints-check",
            "cluster-ips-check",
            "masquerading",
            NftablesProxier.MARK_MASQ)) {
      helperChain(tx, chain, "");
    }
    helperChain(
        tx,
        NftablesProxier.REJECT_CHAIN,
        " { comment \"helper for @no-endpoint-services / @no-endpoint-nodeports\" ; }");
    set(tx, "set", "cluster-ips", addressType, "Active ClusterIPs");
    if (nodePortIps.isPresent()) {
      set(tx, "set", "nodeport-ips", addressType, "IPs that accept NodePort traffic");
    }
    String addressKey = addressType + " . inet_proto . inet_service : verdict";
    String portKey = "inet_proto . inet_service : verdict";
    set(tx, "map", "service-ips", addressKey, "ClusterIP, ExternalIP and LoadBalancer IP traffic");
    set(tx, "map", "service-nodeports", portKey, "NodePort traffic");
    set(
        tx,
        "map",
        "firewall-ips",
        addressKey,
        "destinations that are subject to LoadBalancerSourceRanges");
    set(
        tx,
        "map",
        "no-endpoint-services",
        addressKey,
        "vmap to drop or reject packets to services with no endpoints");
    set(
        tx,
        "map",
        "no-endpoint-nodeports",
        portKey,
        "vmap to drop or reject packets to service nodeports with no endpoints");
    rules(tx);
    nodePortIps.ifPresent(
        ips -> ips.forEach(ip -> tx.command("add element", "nodeport-ips { " + ip + " }")));
  }

  private void rules(Transaction tx) {
    rule(tx, "filter-prerouting-pre-dnat", NEW + "jump firewall-check");
    rule(tx, "filter-output-pre-dnat", NEW + "jump firewall-check");
    rule(tx, "nat-prerouting", "jump services");
    rule(tx, "nat-output", "jump services");
    rule(tx, "filter-forward", NEW + "jump service-endpoints-check");
    rule(tx, "filter-forward", NEW + "jump cluster-ips-check");
    rule(tx, "filter-input", NEW + "jump nodeport-endpoints-check");
    rule(tx, "filter-input", NEW + "jump service-endpoints-check");
    rule(tx, "filter-output", NEW + "jump service-endpoints-check");
    rule(tx, "filter-output", NEW + "jump cluster-ips-check");
    rule(tx, "nat-postrouting", "jump masquerading");
    rule(tx, "firewall-check", ipx + DESTINATION_KEY + " vmap @firewall-ips");
    rule(tx, "services", ipx + DESTINATION_KEY + " vmap @service-ips");
    rule(
        tx, "services", nodePortDestination() + " meta l4proto . th dport vmap @service-nodeports");
    rule(tx, "service-endpoints-check", ipx + DESTINATION_KEY + " vmap @no-endpoint-services");
    rule(
        tx,
        "nodeport-endpoints-check",
        nodePortDestination() + " meta l4proto . th dport vmap @no-endpoint-nodeports");
    rule(
        tx,
        "cluster-ips-check",
        ipx
            + " daddr @cluster-ips reject comment \"Reject traffic to invalid ports of"
            + " ClusterIPs\"");
    if (!serviceCidrs.isEmpty()) {
      rule(
          tx,
          "cluster-ips-check",
          ipx
              + " daddr { "
              + serviceCidrs.stream().map(Cidr::toString).collect(Collectors.joining(", "))
              + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
    }
    rule(tx, "masquerading", "mark and " + mark + " == 0 return");
    rule(tx, "masquerading", "mark set mark xor " + mark);
    rule(tx, "masquerading", "masquerade fully-random");
    rule(tx, NftablesProxier.MARK_MASQ, "mark set mark or " + mark);
    rule(tx, NftablesProxier.REJECT_CHAIN, "reject");
  }

  /** The destinations NodePorts answer on: nodeport-ips, or every local address but loopback. */
  private String nodePortDestination() {
    return nodePortIps.isPresent()
        ? ipx + " daddr @nodeport-ips"
        : "fib daddr type local " + ipx + " daddr != " + (ipx.equals("ip") ? "127.0.0.0/8" : "::1");
  }

  private void baseChain(Transaction tx, String chain, String type, String hook, int priority) {
    helperChain(tx, chain, " { type " + type + " hook " + hook + " priority " + priority + " ; }");
  }

  private void helperChain(Transaction tx, String chain, String spec) {
    tx.command("add chain", chain + spec);
    tx.command("flush chain", chain);
  }

  private void set(Transaction tx, String kind, String name, String type, String comment) {
    tx.command("add " + kind, name + " { type " + type + " ; comment \"" + comment + "\" ; }");
    tx.command("flush " + kind, name);
  }

  private void rule(Transaction tx, String chain, String rule) {
    tx.command("add rule", chain + " " + rule);
    ruleCount++;
  }
}
