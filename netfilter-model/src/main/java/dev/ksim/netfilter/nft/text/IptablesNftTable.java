package dev.ksim.netfilter.nft.text;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import java.util.ArrayList;
import java.util.List;

/**
 * An iptables table as nft sees it on a node whose iptables is iptables-nft: the nf_tables table
 * {@code ip filter}, {@code ip6 nat} ... that iptables-nft keeps.
 *
 * @param family {@link NftFamily#IP} for iptables, {@link NftFamily#IP6} for ip6tables
 * @param state the table's chains and rules
 * @param counters the family's rule counters
 */
public record IptablesNftTable(NftFamily family, TableState state, RuleCounters counters) {
  /** iptables-nft-save's order of tables, which a restore of its output creates them in. */
  private static final List<Table> ORDER =
      List.of(Table.MANGLE, Table.RAW, Table.FILTER, Table.NAT);

  /**
   * The iptables tables of {@code kernel} as nft lists them: IPv4's, then IPv6's, each family's in
   * the order iptables-nft-save prints them (as restoring both families' saved rules creates them).
   */
  public static List<IptablesNftTable> of(Netfilter kernel) {
    List<IptablesNftTable> out = new ArrayList<>();
    for (IpFamily family : List.of(IpFamily.IPV4, IpFamily.IPV6)) {
      Ruleset ruleset = kernel.ruleset(family);
      for (Table table : ORDER) {
        if (ruleset.has(table)) {
          out.add(
              new IptablesNftTable(
                  family == IpFamily.IPV4 ? NftFamily.IP : NftFamily.IP6,
                  ruleset.table(table),
                  kernel.counters(family)));
        }
      }
    }
    return out;
  }

  /** The table's name: {@code filter}, {@code nat}, {@code mangle} or {@code raw}. */
  public String name() {
    return state.table().token();
  }

  /** {@code FAMILY NAME}, as {@code nft list tables} prints it. */
  public String qualifiedName() {
    return family.token() + " " + name();
  }
}
