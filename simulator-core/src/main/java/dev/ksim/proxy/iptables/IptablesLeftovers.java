package dev.ksim.proxy.iptables;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.Target;
import dev.ksim.node.NodeNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Removes what iptables mode leaves on a node, in both families, as upstream's {@code
 * CleanupLeftovers}: the jumps into kube-proxy's chains are unlinked, then in {@code nat} {@code
 * KUBE-SERVICES}, {@code KUBE-NODEPORTS}, {@code KUBE-POSTROUTING}, {@code KUBE-MARK-MASQ}, the
 * canary and every per-Service and per-endpoint chain go, in {@code filter} {@code KUBE-SERVICES},
 * {@code KUBE-EXTERNAL-SERVICES}, {@code KUBE-FORWARD}, {@code KUBE-NODEPORTS}, {@code
 * KUBE-PROXY-FIREWALL} and the canary, and the {@code mangle} canary. kubelet's {@code
 * KUBE-FIREWALL} stays.
 *
 * <p>This follows cleanup.go at the commit below, which also removes {@code KUBE-MARK-MASQ} and the
 * canaries; the release ksim models elsewhere (v1.34's {@code CleanupLeftovers} in proxier.go) left
 * those two behind. A node switched with ksim therefore keeps fewer iptables leftovers than one
 * switched with kube-proxy v1.34.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/531be81208e2274ef42e72525a26610a9622bcdf/pkg/proxy/iptables/cleanup.go">pkg/proxy/iptables/cleanup.go</a>
 */
public final class IptablesLeftovers {
  private static final List<String> NAT_CHAINS =
      List.of(
          KubeChains.KUBE_SERVICES.value(),
          KubeChains.KUBE_NODEPORTS.value(),
          KubeChains.KUBE_POSTROUTING.value(),
          KubeChains.KUBE_MARK_MASQ.value(),
          KubeChains.KUBE_PROXY_CANARY.value());

  private static final List<String> FILTER_CHAINS =
      List.of(
          KubeChains.KUBE_SERVICES.value(),
          KubeChains.KUBE_EXTERNAL_SERVICES.value(),
          KubeChains.KUBE_FORWARD.value(),
          KubeChains.KUBE_NODEPORTS.value(),
          KubeChains.KUBE_PROXY_FIREWALL.value(),
          KubeChains.KUBE_PROXY_CANARY.value());

  private IptablesLeftovers() {}

  /** Removes iptables mode's chains from {@code node}'s IPv4 and IPv6 rulesets. */
  public static void cleanupLeftovers(NodeNetwork node) {
    Netfilter kernel = node.kernel();
    for (IpFamily family : IpFamily.values()) {
      Ruleset ruleset = kernel.ruleset(family);
      ruleset =
          removeChains(
              ruleset, Table.NAT, c -> NAT_CHAINS.contains(c) || ChainNames.isServiceChain(c));
      ruleset = removeChains(ruleset, Table.FILTER, FILTER_CHAINS::contains);
      ruleset = removeChains(ruleset, Table.MANGLE, KubeChains.KUBE_PROXY_CANARY.value()::equals);
      kernel.setRuleset(family, ruleset);
    }
  }

  /**
   * {@code ruleset} without the user chains of {@code table} that {@code owned} accepts, nor the
   * rules elsewhere in the table that jump or go to them.
   */
  public static Ruleset removeChains(Ruleset ruleset, Table table, Predicate<String> owned) {
    if (!ruleset.has(table)) {
      return ruleset;
    }
    Map<String, Chain> kept = new LinkedHashMap<>();
    for (Chain chain : ruleset.table(table).chains().values()) {
      if (chain.isBuiltin() || !owned.test(chain.name())) {
        kept.put(
            chain.name(),
            chain.withRules(chain.rules().stream().filter(r -> !jumpsTo(r, owned)).toList()));
      }
    }
    return ruleset.with(TableState.of(table, kept));
  }

  private static boolean jumpsTo(Rule rule, Predicate<String> owned) {
    Target target = rule.target();
    String chain = target == null ? null : target.chainReference();
    return chain != null && owned.test(chain);
  }
}
