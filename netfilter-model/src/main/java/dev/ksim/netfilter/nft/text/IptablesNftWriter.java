package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftVerdict;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.target.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An iptables-nft table as {@code nft list} prints it (nft 1.0.6 over iptables-nft 1.8.9): its
 * chains in the order a restore of {@code iptables-save}'s output creates them (built-in chains in
 * hook order, then user chains by name), a built-in chain as a base chain ({@code type nat hook
 * prerouting priority dstnat; policy accept;}, mangle's OUTPUT of type route), each rule as {@link
 * IptablesNftRule} prints it with its counter. nft warns on standard error for each such table
 * holding an xt expression: {@code # Warning: table ip nat is managed by iptables-nft, do not
 * touch!}.
 *
 * <p>One writer serves one nft run, and keeps what nft 1.0.6's libxtables keeps across it: the
 * extension libraries it loaded for IPv4. libxt_DNAT (DNAT and REDIRECT), libxt_SNAT and
 * libxt_MASQUERADE each register both families' targets from one library, but only the family that
 * first loads them; an ip6 table listed after an ip table that used one of them prints nothing for
 * that target and {@code XT target DNAT not found} on standard error (a dual-stack node in iptables
 * mode shows it in {@code nft list ruleset}).
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/iptables/nft.c?h=v1.8.9">nft_chain_builtin
 *     (the base chains iptables-nft creates)</a>
 */
final class IptablesNftWriter {
  /** The libraries holding both families' targets, by target name. */
  private static final Map<String, String> SHARED_LIBRARIES =
      Map.of(
          "DNAT", "libxt_DNAT",
          "REDIRECT", "libxt_DNAT",
          "SNAT", "libxt_SNAT",
          "MASQUERADE", "libxt_MASQUERADE");

  private final NftOutput output;
  private final Set<String> loadedForIp = new TreeSet<>();
  private final StringBuilder errors = new StringBuilder();

  IptablesNftWriter(NftOutput output) {
    this.output = output;
  }

  /** What this run printed on standard error so far: warnings and targets not found. */
  String errors() {
    return errors.toString();
  }

  /** {@code nft list table FAMILY NAME} of the table. */
  String table(IptablesNftTable table) {
    return table(table, table.state().chains().values());
  }

  /** {@code nft list chain FAMILY TABLE CHAIN}: the chain inside its table's braces. */
  String chain(IptablesNftTable table, Chain chain) {
    return table(table, List.of(chain));
  }

  private String table(IptablesNftTable table, Iterable<Chain> chains) {
    errors.append(warning(table));
    StringBuilder out = new StringBuilder("table ").append(table.qualifiedName()).append(" {\n");
    boolean first = true;
    for (Chain chain : chains) {
      if (!first) {
        out.append('\n');
      }
      chain(out, table, chain);
      first = false;
    }
    return out.append("}\n").toString();
  }

  private void chain(StringBuilder out, IptablesNftTable table, Chain chain) {
    out.append("\tchain ").append(chain.name()).append(" {\n");
    HookVerdict policy = chain.policy();
    if (policy != null) {
      Table kind = table.state().table();
      Hook hook = Hook.valueOf(chain.name());
      BaseChain.Type type =
          kind == Table.NAT
              ? BaseChain.Type.NAT
              : kind == Table.MANGLE && hook == Hook.OUTPUT
                  ? BaseChain.Type.ROUTE
                  : BaseChain.Type.FILTER;
      BaseChain base =
          new BaseChain(
              type,
              hook,
              kind.priority(hook),
              policy == HookVerdict.DROP ? NftVerdict.DROP : NftVerdict.ACCEPT);
      out.append("\t\ttype ")
          .append(type.token())
          .append(" hook ")
          .append(hook.name().toLowerCase(Locale.ROOT))
          .append(" priority ")
          .append(base.priorityText(output))
          .append("; policy ")
          .append(policy.name().toLowerCase(Locale.ROOT))
          .append(";\n");
    }
    boolean v6 = table.family() == NftFamily.IP6;
    List<Rule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      long[] counters = table.counters().rule(table.state().table(), chain, i);
      out.append("\t\t")
          .append(IptablesNftRule.text(rule, v6, output, counters, lost(rule, v6)))
          .append('\n');
    }
    out.append("\t}\n");
  }

  /** Whether nft cannot find {@code rule}'s target (and says so on standard error). */
  private boolean lost(Rule rule, boolean v6) {
    Target target = rule.target();
    if (target == null || !SHARED_LIBRARIES.containsKey(target.name())) {
      return false;
    }
    String library = SHARED_LIBRARIES.get(target.name());
    if (!v6) {
      loadedForIp.add(library);
      return false;
    }
    if (loadedForIp.contains(library)) {
      errors.append("XT target ").append(target.name()).append(" not found\n");
      return true;
    }
    return false;
  }

  /** nft's warning for {@code table}, or "" when it holds no xt expression. */
  private static String warning(IptablesNftTable table) {
    boolean xt =
        table.state().chains().values().stream()
            .flatMap(c -> c.rules().stream())
            .anyMatch(IptablesNftRule::hasXt);
    return xt
        ? "# Warning: table "
            + table.qualifiedName()
            + " is managed by iptables-nft, do not touch!\n"
        : "";
  }
}
