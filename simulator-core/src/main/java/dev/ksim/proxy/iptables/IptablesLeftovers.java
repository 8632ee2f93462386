package dev.ksim.proxy.iptables;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What kube-proxy removes of an iptables-mode kube-proxy when it starts in another mode: the jumps
 * from the built-in chains into its chains, then its nat chains (KUBE-SERVICES, KUBE-NODEPORTS,
 * KUBE-POSTROUTING and every KUBE-SVC-, KUBE-SVL-, KUBE-EXT-, KUBE-FW-, KUBE-SEP- chain) and its
 * filter chains (KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-NODEPORTS,
 * KUBE-PROXY-FIREWALL), flushed and deleted. KUBE-MARK-MASQ, kubelet's KUBE-FIREWALL and the canary
 * chains stay, as upstream leaves them.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/iptables/proxier.go">proxier.go
 *     CleanupLeftovers, isServiceChainName</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server_linux.go">server_linux.go
 *     platformCleanup</a>
 */
public final class IptablesLeftovers {
  private static final List<String> NAT_CHAINS =
      List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING");
  private static final List<String> FILTER_CHAINS =
      List.of(
          "KUBE-SERVICES",
          "KUBE-EXTERNAL-SERVICES",
          "KUBE-FORWARD",
          "KUBE-NODEPORTS",
          "KUBE-PROXY-FIREWALL");
  private static final List<String> SERVICE_CHAIN_PREFIXES =
      List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-");
  private static final Set<String> BUILT_IN =
      Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

  private IptablesLeftovers() {}

  /** Removes them from the {@code family} rules of {@code kernel}, in one restore. */
  public static void cleanup(Netfilter kernel, IpFamily family, String nodeName) {
    Ruleset current = kernel.ruleset(family);
    String saved = IptablesSaveWriter.save(current, null, null, family == IpFamily.IPV6);
    StringBuilder input = new StringBuilder();
    table(input, saved, "filter", FILTER_CHAINS, false);
    table(input, saved, "nat", NAT_CHAINS, true);
    if (input.length() == 0) {
      return;
    }
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    Ruleset next =
        new IptablesRestoreParser("kube-proxy cleanup on " + nodeName, environment, true)
            .parse(input.toString(), current);
    kernel.setRuleset(family, next);
  }

  /** The restore section that unlinks, flushes and deletes {@code table}'s kube-proxy chains. */
  private static void table(
      StringBuilder input, String saved, String table, List<String> named, boolean services) {
    Set<String> doomed = new LinkedHashSet<>();
    List<String> rules = new ArrayList<>();
    boolean inside = false;
    for (String line : saved.split("\n", -1)) {
      if (line.startsWith("*")) {
        inside = line.equals("*" + table);
      } else if (inside && line.startsWith(":")) {
        String chain = line.substring(1, line.indexOf(' '));
        if (named.contains(chain)
            || (services && SERVICE_CHAIN_PREFIXES.stream().anyMatch(chain::startsWith))) {
          doomed.add(chain);
        }
      } else if (inside && line.startsWith("-A ")) {
        rules.add(line);
      }
    }
    if (doomed.isEmpty()) {
      return;
    }
    input.append('*').append(table).append('\n');
    for (String rule : rules) {
      String chain = rule.substring(3, rule.indexOf(' ', 3));
      int jump = rule.lastIndexOf(" -j ");
      String target = jump < 0 ? "" : rule.substring(jump + 4).split(" ", 2)[0];
      if (BUILT_IN.contains(chain) && doomed.contains(target)) {
        input.append("-D").append(rule.substring(2)).append('\n');
      }
    }
    for (String chain : doomed) {
      input.append(':').append(chain).append(" - [0:0]\n");
    }
    for (String chain : doomed) {
      input.append("-X ").append(chain).append('\n');
    }
    input.append("COMMIT\n");
  }
}
