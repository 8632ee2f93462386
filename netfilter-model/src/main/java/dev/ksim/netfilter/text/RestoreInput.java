package dev.ksim.netfilter.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.table.Table;
import java.util.List;

/**
 * iptables-restore input handed over already split into its lines, as kube-proxy writes it: per
 * table, the chain declarations ({@code :CHAIN - [0:0]}), the appended rules ({@code -A CHAIN
 * RULE}) and the deleted chains ({@code -X CHAIN}), then {@code COMMIT}. {@link
 * IptablesRestoreParser#restore} applies it line for line as {@link IptablesRestoreParser#parse}
 * applies {@link #text()}, with the same errors at the same line numbers, without writing the text
 * and reading it back; and a rule text that stays the same instance from one restore to the next is
 * found in the {@link RuleCache} without being hashed again.
 *
 * @param tables the tables, in order
 */
public record RestoreInput(List<TableInput> tables) {
  public RestoreInput {
    tables = ImmutableList.copyOf(tables);
  }

  /**
   * One table's part of the input.
   *
   * @param table the table ({@code *nat})
   * @param chains the chains declared, each flushed (or created)
   * @param rules the rules appended, in order
   * @param deletions the chains deleted
   */
  public record TableInput(
      Table table, List<String> chains, List<Append> rules, List<String> deletions) {
    public TableInput {
      chains = ImmutableList.copyOf(chains);
      rules = ImmutableList.copyOf(rules);
      deletions = ImmutableList.copyOf(deletions);
    }
  }

  /**
   * One {@code -A CHAIN RULE} line.
   *
   * @param chain the chain appended to
   * @param rule the rule's words after the chain, as written (empty for a rule with none)
   */
  public record Append(String chain, String rule) {
    public Append {
      if (rule.indexOf('\n') >= 0 || rule.indexOf('\0') >= 0 || chain.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a restore line ends at a newline or NUL: " + rule);
      }
    }

    /** The line as iptables-restore reads it. */
    public String line() {
      return rule.isEmpty() ? "-A " + chain : "-A " + chain + " " + rule;
    }
  }

  /** The same input as iptables-restore reads it. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (TableInput table : tables) {
      text.append('*').append(table.table().token()).append('\n');
      table.chains().forEach(c -> text.append(':').append(c).append(" - [0:0]\n"));
      table.rules().forEach(r -> text.append(r.line()).append('\n'));
      table.deletions().forEach(c -> text.append("-X ").append(c).append('\n'));
      text.append("COMMIT\n");
    }
    return text.toString();
  }
}
