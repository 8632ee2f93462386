package dev.ksim.proxy.ipvs;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.proxy.LocalTrafficDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The iptables rules ipvs mode still installs, as iptables-restore input in upstream's order
 * ({@code createAndLinkKubeChain} and {@code writeIptablesRules}): the jumps from the built-in
 * chains (added when missing, as {@code EnsureRule(Prepend)} does), the chains, the rules that
 * match kube-proxy's ipsets (only for sets that have entries, where upstream skips empty ones), the
 * masquerade mark and the filters of {@code KUBE-IPVS-FILTER}.
 *
 * <p>Not written: the externalIP rule {@code -m physdev ! --physdev-is-in -m addrtype ! --src-type
 * LOCAL -j ACCEPT} (ksim models no bridge-port match; the next rule, which accepts traffic to a
 * local address, takes the same packets since kube-proxy binds every externalIP), and the {@code
 * KUBE-IPVS-OUT-FILTER} drops that use {@code -m ipvs} (ksim models no ipvs match): a node may
 * reach a load balancer's IP whose source ranges do not contain it.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/ipvs/proxier.go">proxier.go
 *     writeIptablesRules</a>
 */
final class IpvsIptablesRules {
  static final String KUBE_SERVICES = "KUBE-SERVICES";
  static final String KUBE_POSTROUTING = "KUBE-POSTROUTING";
  static final String KUBE_NODE_PORT = "KUBE-NODE-PORT";
  static final String KUBE_LOAD_BALANCER = "KUBE-LOAD-BALANCER";
  static final String KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
  static final String KUBE_FORWARD = "KUBE-FORWARD";
  static final String KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
  static final String KUBE_SOURCE_RANGES_FIREWALL = "KUBE-SOURCE-RANGES-FIREWALL";
  static final String KUBE_IPVS_FILTER = "KUBE-IPVS-FILTER";
  static final String KUBE_IPVS_OUT_FILTER = "KUBE-IPVS-OUT-FILTER";

  private static final List<String> NAT_CHAINS =
      List.of(KUBE_SERVICES, KUBE_POSTROUTING, KUBE_NODE_PORT, KUBE_LOAD_BALANCER, KUBE_MARK_MASQ);
  private static final List<String> FILTER_CHAINS =
      List.of(
          KUBE_FORWARD,
          KUBE_NODE_PORT,
          KUBE_PROXY_FIREWALL,
          KUBE_SOURCE_RANGES_FIREWALL,
          KUBE_IPVS_FILTER,
          KUBE_IPVS_OUT_FILTER);

  /** A jump from a built-in chain ({@code iptablesJumpChain}). */
  private record JumpChain(Table table, String from, String to, String comment) {
    String ruleText() {
      return "-m comment --comment \"" + comment + "\" -j " + to;
    }
  }

  private static final List<JumpChain> JUMPS =
      List.of(
          new JumpChain(Table.NAT, "OUTPUT", KUBE_SERVICES, "kubernetes service portals"),
          new JumpChain(Table.NAT, "PREROUTING", KUBE_SERVICES, "kubernetes service portals"),
          new JumpChain(Table.NAT, "POSTROUTING", KUBE_POSTROUTING, "kubernetes postrouting rules"),
          new JumpChain(Table.FILTER, "FORWARD", KUBE_FORWARD, "kubernetes forwarding rules"),
          new JumpChain(Table.FILTER, "INPUT", KUBE_NODE_PORT, "kubernetes health check rules"),
          new JumpChain(Table.FILTER, "INPUT", KUBE_PROXY_FIREWALL, "kube-proxy firewall rules"),
          new JumpChain(Table.FILTER, "FORWARD", KUBE_PROXY_FIREWALL, "kube-proxy firewall rules"),
          new JumpChain(Table.FILTER, "INPUT", KUBE_IPVS_FILTER, "kubernetes ipvs access filter"),
          new JumpChain(
              Table.FILTER, "OUTPUT", KUBE_IPVS_OUT_FILTER, "kubernetes ipvs access filter"));

  /**
   * A rule that jumps when an ipset matches ({@code ipsetWithIptablesChain}), written only when the
   * set has entries.
   */
  private record SetJump(
      KubeIpSet set, Table table, String from, String to, String directions, String protocol) {}

  private static final List<SetJump> SET_JUMPS =
      List.of(
          new SetJump(
              KubeIpSet.LOOP_BACK, Table.NAT, KUBE_POSTROUTING, "MASQUERADE", "dst,dst,src", ""),
          new SetJump(
              KubeIpSet.LOAD_BALANCER, Table.NAT, KUBE_SERVICES, KUBE_LOAD_BALANCER, "dst,dst", ""),
          new SetJump(
              KubeIpSet.LOAD_BALANCER_LOCAL,
              Table.NAT,
              KUBE_LOAD_BALANCER,
              "RETURN",
              "dst,dst",
              ""),
          new SetJump(
              KubeIpSet.NODE_PORT_LOCAL_TCP, Table.NAT, KUBE_NODE_PORT, "RETURN", "dst", "tcp"),
          new SetJump(
              KubeIpSet.NODE_PORT_TCP, Table.NAT, KUBE_NODE_PORT, KUBE_MARK_MASQ, "dst", "tcp"),
          new SetJump(
              KubeIpSet.NODE_PORT_LOCAL_UDP, Table.NAT, KUBE_NODE_PORT, "RETURN", "dst", "udp"),
          new SetJump(
              KubeIpSet.NODE_PORT_UDP, Table.NAT, KUBE_NODE_PORT, KUBE_MARK_MASQ, "dst", "udp"),
          new SetJump(
              KubeIpSet.NODE_PORT_LOCAL_SCTP,
              Table.NAT,
              KUBE_NODE_PORT,
              "RETURN",
              "dst,dst",
              "sctp"),
          new SetJump(
              KubeIpSet.NODE_PORT_SCTP,
              Table.NAT,
              KUBE_NODE_PORT,
              KUBE_MARK_MASQ,
              "dst,dst",
              "sctp"),
          new SetJump(
              KubeIpSet.LOAD_BALANCER_FW,
              Table.FILTER,
              KUBE_PROXY_FIREWALL,
              KUBE_SOURCE_RANGES_FIREWALL,
              "dst,dst",
              ""),
          new SetJump(
              KubeIpSet.LOAD_BALANCER_SOURCE_CIDR,
              Table.FILTER,
              KUBE_SOURCE_RANGES_FIREWALL,
              "RETURN",
              "dst,dst,src",
              ""),
          new SetJump(
              KubeIpSet.LOAD_BALANCER_SOURCE_IP,
              Table.FILTER,
              KUBE_SOURCE_RANGES_FIREWALL,
              "RETURN",
              "dst,dst,src",
              ""));

  private final IpFamily family;
  private final String masqueradeMark;
  private final boolean masqueradeAll;
  private final LocalTrafficDetector detector;
  private final List<String> nat = new ArrayList<>();
  private final List<String> filter = new ArrayList<>();

  /**
   * @param family the proxier's family
   * @param masqueradeBit the bit of the masquerade mark
   * @param masqueradeAll {@code iptables.masqueradeAll}
   * @param detector the local-traffic detector
   */
  IpvsIptablesRules(
      IpFamily family, int masqueradeBit, boolean masqueradeAll, LocalTrafficDetector detector) {
    this.family = family;
    this.masqueradeMark = "0x" + Long.toHexString(1L << masqueradeBit);
    this.masqueradeAll = masqueradeAll;
    this.detector = detector;
  }

  /**
   * The restore input for one sync.
   *
   * @param current the family's rules in the kernel (for the jumps already there)
   * @param hasEntries which sets have entries
   */
  String restoreInput(Ruleset current, Predicate<KubeIpSet> hasEntries) {
    nat.clear();
    filter.clear();
    writeRules(hasEntries);
    return table(Table.NAT, "nat", NAT_CHAINS, nat, current)
        + table(Table.FILTER, "filter", FILTER_CHAINS, filter, current);
  }

  /** The number of rules the last restore input appended. */
  int ruleCount() {
    return nat.size() + filter.size();
  }

  private String table(
      Table table, String name, List<String> chains, List<String> rules, Ruleset current) {
    StringBuilder sb = new StringBuilder("*").append(name).append('\n');
    chains.forEach(c -> sb.append(':').append(c).append(" - [0:0]\n"));
    for (JumpChain jump : JUMPS) {
      if (jump.table() == table && !hasRule(current, table, jump.from(), jump.ruleText())) {
        sb.append("-I ").append(jump.from()).append(' ').append(jump.ruleText()).append('\n');
      }
    }
    rules.forEach(r -> sb.append(r).append('\n'));
    return sb.append("COMMIT\n").toString();
  }

  private static boolean hasRule(Ruleset ruleset, Table table, String chain, String text) {
    if (!ruleset.has(table)) {
      return false;
    }
    Optional<Chain> found = ruleset.table(table).chain(chain);
    return found.isPresent() && found.get().rules().stream().map(Rule::text).anyMatch(text::equals);
  }

  private String set(KubeIpSet set) {
    return set.name(family);
  }

  private static String comment(String text) {
    return "-m comment --comment \"" + text + "\"";
  }

  private void writeRules(Predicate<KubeIpSet> hasEntries) {
    nat.add(
        "-A "
            + KUBE_SERVICES
            + " -s "
            + (family == IpFamily.IPV4 ? "127.0.0.0/8" : "::1/128")
            + " -j RETURN");
    for (SetJump jump : SET_JUMPS) {
      if (hasEntries.test(jump.set())) {
        (jump.table() == Table.NAT ? nat : filter)
            .add(
                "-A "
                    + jump.from()
                    + (jump.protocol().isEmpty() ? "" : " -p " + jump.protocol())
                    + " "
                    + comment(jump.set().comment())
                    + " -m set --match-set "
                    + set(jump.set())
                    + " "
                    + jump.directions()
                    + " -j "
                    + jump.to());
      }
    }
    writeClusterIpMasquerade(hasEntries);
    writeExternalIpRules(hasEntries);
    nat.add("-A " + KUBE_SERVICES + " -m addrtype --dst-type LOCAL -j " + KUBE_NODE_PORT);
    nat.add("-A " + KUBE_LOAD_BALANCER + " -j " + KUBE_MARK_MASQ);
    filter.add("-A " + KUBE_SOURCE_RANGES_FIREWALL + " -j DROP");
    for (KubeIpSet accepted : List.of(KubeIpSet.CLUSTER_IP, KubeIpSet.LOAD_BALANCER)) {
      if (hasEntries.test(accepted)) {
        nat.add(
            "-A " + KUBE_SERVICES + " -m set --match-set " + set(accepted) + " dst,dst -j ACCEPT");
      }
    }
    String mark = masqueradeMark + "/" + masqueradeMark;
    filter.add(
        "-A "
            + KUBE_FORWARD
            + " "
            + comment("kubernetes forwarding rules")
            + " -m mark --mark "
            + mark
            + " -j ACCEPT");
    filter.add(
        "-A "
            + KUBE_FORWARD
            + " "
            + comment("kubernetes forwarding conntrack rule")
            + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    filter.add(
        "-A "
            + KUBE_NODE_PORT
            + " "
            + comment(KubeIpSet.HEALTH_CHECK_NODE_PORT.comment())
            + " -m set --match-set "
            + set(KubeIpSet.HEALTH_CHECK_NODE_PORT)
            + " dst -j ACCEPT");
    writeIpvsFilter();
    nat.add("-A " + KUBE_POSTROUTING + " -m mark ! --mark " + mark + " -j RETURN");
    nat.add("-A " + KUBE_POSTROUTING + " -j MARK --xor-mark " + masqueradeMark);
    nat.add(
        "-A "
            + KUBE_POSTROUTING
            + " "
            + comment("kubernetes service traffic requiring SNAT")
            + " -j MASQUERADE --random-fully");
    nat.add("-A " + KUBE_MARK_MASQ + " -j MARK --or-mark " + masqueradeMark);
  }

  /** KUBE-SERVICES: mark ClusterIP traffic for masquerading, one of three ways. */
  private void writeClusterIpMasquerade(Predicate<KubeIpSet> hasEntries) {
    if (!hasEntries.test(KubeIpSet.CLUSTER_IP)) {
      return;
    }
    String prefix =
        "-A "
            + KUBE_SERVICES
            + " "
            + comment(KubeIpSet.CLUSTER_IP.comment())
            + " -m set --match-set "
            + set(KubeIpSet.CLUSTER_IP);
    if (masqueradeAll) {
      nat.add(prefix + " dst,dst -j " + KUBE_MARK_MASQ);
    } else if (detector.isImplemented()) {
      nat.add(
          prefix + " dst,dst " + String.join(" ", detector.ifNotLocal()) + " -j " + KUBE_MARK_MASQ);
    } else {
      nat.add(prefix + " src,dst -j " + KUBE_MARK_MASQ);
    }
  }

  /** KUBE-SERVICES: externalIPs masqueraded (Cluster policy) and accepted. */
  private void writeExternalIpRules(Predicate<KubeIpSet> hasEntries) {
    for (KubeIpSet external : List.of(KubeIpSet.EXTERNAL_IP, KubeIpSet.EXTERNAL_IP_LOCAL)) {
      if (!hasEntries.test(external)) {
        continue;
      }
      String prefix =
          "-A "
              + KUBE_SERVICES
              + " "
              + comment(external.comment())
              + " -m set --match-set "
              + set(external)
              + " dst,dst";
      if (external == KubeIpSet.EXTERNAL_IP) {
        nat.add(prefix + " -j " + KUBE_MARK_MASQ);
      }
      nat.add(prefix + " -m addrtype --dst-type LOCAL -j ACCEPT");
    }
  }

  /**
   * KUBE-IPVS-FILTER: Service ports pass, anything else new to a kube-ipvs0 address is rejected.
   */
  private void writeIpvsFilter() {
    for (KubeIpSet passed :
        List.of(
            KubeIpSet.LOAD_BALANCER,
            KubeIpSet.CLUSTER_IP,
            KubeIpSet.EXTERNAL_IP,
            KubeIpSet.EXTERNAL_IP_LOCAL)) {
      filter.add(
          "-A " + KUBE_IPVS_FILTER + " -m set --match-set " + set(passed) + " dst,dst -j RETURN");
    }
    filter.add(
        "-A "
            + KUBE_IPVS_FILTER
            + " -m set --match-set "
            + set(KubeIpSet.HEALTH_CHECK_NODE_PORT)
            + " dst -j RETURN");
    filter.add(
        "-A "
            + KUBE_IPVS_FILTER
            + " -m conntrack --ctstate NEW -m set --match-set "
            + set(KubeIpSet.IPVS_IPS)
            + " dst -j REJECT");
  }
}
