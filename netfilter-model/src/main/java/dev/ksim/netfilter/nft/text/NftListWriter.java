package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftChain;
import dev.ksim.netfilter.nft.NftDuration;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftElements;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRule;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftTable;
import java.util.List;
import java.util.Locale;

/**
 * {@code nft list ruleset|table|chain|set|map} as nft 1.0.x prints them: tabs, sets and maps before
 * chains, each in creation order, a blank line between objects, elements sorted and wrapped as nft
 * wraps them; with {@code -a}, the handles; with {@code -n}, numbers ({@link NftOutput#NUMERIC}).
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/rule.c">table_print, set_print_plain,
 *     chain_print</a>
 */
public final class NftListWriter {
  private static final String WRAP = ",\n\t\t\t     ";

  private final boolean handles;
  private final NftOutput output;

  /**
   * @param handles whether to print handles ({@code nft -a})
   */
  public NftListWriter(boolean handles) {
    this(handles, NftOutput.SYMBOLIC);
  }

  /**
   * @param handles whether to print handles ({@code nft -a})
   * @param output names or numbers ({@code nft -n})
   */
  public NftListWriter(boolean handles, NftOutput output) {
    this.handles = handles;
    this.output = output;
  }

  /** {@code nft list ruleset}. */
  public String ruleset(NftRuleset ruleset) {
    StringBuilder out = new StringBuilder();
    for (NftTable table : ruleset.tables()) {
      table(out, table, true, table.sets().values(), table.chains().values());
    }
    return out.toString();
  }

  /** {@code nft list table FAMILY NAME}. */
  public String table(NftTable table) {
    StringBuilder out = new StringBuilder();
    table(out, table, true, table.sets().values(), table.chains().values());
    return out.toString();
  }

  /**
   * {@code nft list chain FAMILY TABLE NAME}: the chain inside its table's braces (without the
   * table's comment, as nft prints it).
   */
  public String chain(NftTable table, NftChain chain) {
    StringBuilder out = new StringBuilder();
    table(out, table, false, List.of(), List.of(chain));
    return out.toString();
  }

  /** {@code nft list set|map FAMILY TABLE NAME}: the set inside its table's braces. */
  public String set(NftTable table, NftSet set) {
    StringBuilder out = new StringBuilder();
    table(out, table, false, List.of(set), List.of());
    return out.toString();
  }

  /**
   * A table's braces around {@code sets} and {@code chains}; its comment only when {@code whole}.
   */
  private void table(
      StringBuilder out,
      NftTable table,
      boolean whole,
      Iterable<NftSet> sets,
      Iterable<NftChain> chains) {
    out.append("table ").append(table.qualifiedName()).append(" {");
    if (whole) {
      handle(out, table.handle());
    }
    out.append('\n');
    if (whole && table.comment() != null) {
      out.append("\tcomment \"").append(table.comment()).append("\"\n");
    }
    boolean first = true;
    for (NftSet set : sets) {
      if (!first) {
        out.append('\n');
      }
      set(out, set);
      first = false;
    }
    for (NftChain chain : chains) {
      if (!first) {
        out.append('\n');
      }
      chain(out, chain);
      first = false;
    }
    out.append("}\n");
  }

  private void set(StringBuilder out, NftSet set) {
    out.append('\t').append(set.isMap() ? "map " : "set ").append(set.name()).append(" {");
    handle(out, set.handle());
    out.append('\n');
    out.append("\t\ttype ").append(set.typeText()).append('\n');
    if (set.size() > 0) {
      out.append("\t\tsize ").append(set.size()).append('\n');
    }
    if (!set.flags().isEmpty()) {
      out.append("\t\tflags ").append(String.join(",", set.flags())).append('\n');
    }
    if (set.timeoutMillis() > 0) {
      out.append("\t\ttimeout ")
          .append(NftDuration.format(set.timeoutMillis(), output))
          .append('\n');
    }
    if (set.comment() != null) {
      out.append("\t\tcomment \"").append(set.comment()).append("\"\n");
    }
    if (!set.elements().isEmpty()) {
      out.append("\t\telements = ").append(elements(set, output)).append('\n');
    }
    out.append("\t}\n");
  }

  /** The elements, sorted, with nft's line breaks (calculate_delim in src/expression.c). */
  static String elements(NftSet set, NftOutput output) {
    List<NftElement> sorted = set.elements().stream().sorted(NftElements.ORDER).toList();
    int perLine = set.keyType().size() == 1 ? set.keyType().get(0).elementsPerLine() : 1;
    StringBuilder out = new StringBuilder("{ ");
    String delimiter = "";
    int count = 0;
    for (NftElement element : sorted) {
      out.append(delimiter).append(NftElements.text(element, output));
      count++;
      if (perLine > 1 && count < perLine) {
        delimiter = ", ";
      } else {
        delimiter = WRAP;
        count = 0;
      }
    }
    return out.append(" }").toString();
  }

  private void chain(StringBuilder out, NftChain chain) {
    out.append("\tchain ").append(chain.name()).append(" {");
    handle(out, chain.handle());
    out.append('\n');
    if (chain.comment() != null) {
      out.append("\t\tcomment \"").append(chain.comment()).append("\"\n");
    }
    BaseChain base = chain.base();
    if (base != null) {
      out.append("\t\ttype ")
          .append(base.type().token())
          .append(" hook ")
          .append(base.hook().name().toLowerCase(Locale.ROOT))
          .append(" priority ")
          .append(base.priorityText(output))
          .append("; policy ")
          .append(base.policy().text())
          .append(";\n");
    }
    for (NftRule rule : chain.rules()) {
      out.append("\t\t").append(rule.text(output));
      handle(out, rule.handle());
      out.append('\n');
    }
    out.append("\t}\n");
  }

  private void handle(StringBuilder out, long handle) {
    if (handles) {
      out.append(" # handle ").append(handle);
    }
  }
}
