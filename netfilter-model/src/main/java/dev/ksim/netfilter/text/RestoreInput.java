package dev.ksim.netfilter.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Table;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * iptables-restore input handed over already split into its lines, as kube-proxy writes it: per
 * table, the chain declarations ({@code :CHAIN - [0:0]}), the appended rules ({@code -A CHAIN
 * RULE}, in runs of lines appending to one chain) and the deleted chains ({@code -X CHAIN}), then
 * {@code COMMIT}. {@link IptablesRestoreParser#restore} applies it line for line as {@link
 * IptablesRestoreParser#parse} applies {@link #text()}, with the same errors at the same line
 * numbers, without writing the text and reading it back; and a run of appends handed over again as
 * the same instance (the next sync's, or another node's) is not read again (see {@link Appends}).
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
   * @param rules the rules appended, in order, as runs of lines appending to one chain
   * @param deletions the chains deleted
   */
  public record TableInput(
      Table table, List<String> chains, List<Appends> rules, List<String> deletions) {
    public TableInput {
      chains = ImmutableList.copyOf(chains);
      rules = ImmutableList.copyOf(rules);
      deletions = ImmutableList.copyOf(deletions);
    }
  }

  /**
   * Consecutive {@code -A CHAIN RULE} lines appending to one chain, such as one kube-proxy chain's
   * rules. Immutable, and equal only to itself: the restore remembers in it what its lines parsed
   * to (the rules, and the chain they make when they are all of a chain written anew), so that the
   * same instance handed over again, by the next sync or by another node writing the same chain, is
   * taken whole without reading its lines again.
   */
  public static final class Appends {
    private final String chain;
    private final ImmutableList<String> rules;

    /** What the lines parsed to the last time they were read, if they were read without error. */
    private volatile @Nullable ParsedAppends parsed;

    /** The family of {@link #built}'s rules. */
    private final @Nullable IpFamily builtFamily;

    /**
     * The rule each line makes as its writer built it (null for a line it did not build), until the
     * lines are first read: then {@link #parsed} holds them.
     */
    private volatile @Nullable Rule @Nullable [] built;

    /**
     * Lines appending to one chain.
     *
     * @param chain the chain appended to
     * @param rules each line's words after the chain, as written (empty for a rule with none)
     */
    public Appends(String chain, List<String> rules) {
      this(chain, rules, null, (Rule[]) null);
    }

    /**
     * Lines appending to one chain, with the rule of each line in {@code family} as the writer
     * built it word by word ({@link RuleBuilder}) while writing the line, so that the restore takes
     * it instead of reading the line back; null for a line it did not build. A line's rule must be
     * the one its words make: the restore still checks it as it checks a rule it read.
     *
     * @param chain the chain appended to
     * @param rules each line's words after the chain, as written (empty for a rule with none)
     * @param family the family the rules were built in
     * @param built the rule of each line, or null
     */
    public Appends(String chain, List<String> rules, IpFamily family, List<@Nullable Rule> built) {
      this(chain, rules, family, built.toArray(new Rule[0]));
      if (built.size() != rules.size()) {
        throw new IllegalArgumentException("one rule or null per line: " + built.size());
      }
    }

    private Appends(
        String chain,
        List<String> rules,
        @Nullable IpFamily builtFamily,
        @Nullable Rule @Nullable [] built) {
      if (chain.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a restore line ends at a newline: " + chain);
      }
      for (String rule : rules) {
        if (rule.indexOf('\n') >= 0 || rule.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("a restore line ends at a newline or NUL: " + rule);
        }
      }
      this.chain = chain;
      this.rules = ImmutableList.copyOf(rules);
      this.builtFamily = builtFamily;
      this.built = built;
    }

    /** One line appending {@code rule} to {@code chain}. */
    public static Appends of(String chain, String rule) {
      return new Appends(chain, List.of(rule));
    }

    /** The chain appended to. */
    public String chain() {
      return chain;
    }

    /** Each line's words after the chain. */
    public List<String> rules() {
      return rules;
    }

    /** The line of {@code rule} as iptables-restore reads it. */
    String line(String rule) {
      return rule.isEmpty() ? "-A " + chain : "-A " + chain + " " + rule;
    }

    @Nullable ParsedAppends parsed() {
      return parsed;
    }

    void parsed(ParsedAppends lines) {
      parsed = lines;
      built = null;
    }

    /** The rules the writer built for the lines in {@code family}, null when there are none. */
    @Nullable Rule @Nullable [] built(IpFamily family) {
      return family == builtFamily ? built : null;
    }

    @Override
    public String toString() {
      return "Appends[chain=" + chain + ", rules=" + rules + "]";
    }
  }

  /** The same input as iptables-restore reads it. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (TableInput table : tables) {
      text.append('*').append(table.table().token()).append('\n');
      table.chains().forEach(c -> text.append(':').append(c).append(" - [0:0]\n"));
      for (Appends appends : table.rules()) {
        appends.rules().forEach(r -> text.append(appends.line(r)).append('\n'));
      }
      table.deletions().forEach(c -> text.append("-X ").append(c).append('\n'));
      text.append("COMMIT\n");
    }
    return text.toString();
  }
}
