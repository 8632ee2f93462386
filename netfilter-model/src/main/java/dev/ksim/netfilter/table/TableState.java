package dev.ksim.netfilter.table;

import static java.util.Objects.requireNonNull;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Target;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The chains of one table: built-in chains in hook order, then user chains sorted by name, which is
 * the order iptables-save prints them in. A value, equal by table and chains; it also keeps the
 * {@link ChainGraph} of its chains, which the next restore of the table derives its own from, and
 * which of its chains the restore that made it wrote anew (their counters start at zero, see {@link
 * RuleCounters#replaced}).
 */
public final class TableState {
  private final Table table;
  private final ChainMap chains;

  /** The {@link ChainIds} numbers of the chains written anew by the restore that made the table. */
  private final BitSet rewritten;

  /**
   * A table.
   *
   * @param table which table
   * @param chains the chains by name, in canonical order
   */
  public TableState(Table table, Map<String, Chain> chains) {
    this(table, ChainMap.of(chains), new BitSet());
  }

  private TableState(Table table, ChainMap chains, BitSet rewritten) {
    this.table = requireNonNull(table, "table");
    this.chains = chains;
    this.rewritten = rewritten;
  }

  /**
   * This table as a restore commits it, its chains in canonical order.
   *
   * @param graph this table's graph {@linkplain ChainGraph#derive derived} with {@code deleted} and
   *     {@code changed} (and checked)
   * @param deleted the names of the chains of this table the restore deleted (some may be created
   *     again)
   * @param changed the chains that are not this table's instances: new chains and new instances of
   *     old ones
   * @param rewritten the chains the restore wrote anew: flushed or created, none of their rules
   *     kept from this table (an equal chain written again is one of them)
   */
  public TableState committed(
      ChainGraph graph,
      Collection<String> deleted,
      Collection<Chain> changed,
      Collection<Chain> rewritten) {
    BitSet written = new BitSet();
    for (Chain chain : rewritten) {
      written.set(chain.id());
    }
    List<String> builtins = table.hooks().stream().map(Hook::name).toList();
    return new TableState(table, chains.derive(graph, builtins, deleted, changed), written);
  }

  public Table table() {
    return table;
  }

  /** The chains by name, in canonical order. */
  public Map<String, Chain> chains() {
    return chains;
  }

  /**
   * The built-in chain of {@code hook}, found by its fixed number: null when the table has none
   * there. As {@code chains().get(hook.name())}, without looking the name up.
   */
  public @Nullable Chain builtin(Hook hook) {
    return chains.graph().get(ChainIds.builtin(hook));
  }

  /**
   * The chain of {@link ChainIds} number {@code id}, null when the table has none: as {@code
   * chains().get(name)} for the name of that number, without looking the name up.
   */
  public @Nullable Chain chain(int id) {
    return chains.graph().get(id);
  }

  /** The graph of this table's chains, which the next restore of the table derives its own from. */
  public ChainGraph graph() {
    return chains.graph();
  }

  /** Whether the restore that made this table wrote {@code chain} (one of its chains) anew. */
  boolean rewritten(Chain chain) {
    return rewritten.get(chain.id());
  }

  /**
   * Whether {@code other} is this table with the very same chain instances, in the same order, and
   * with what the check that accepted it found of them: a restore onto either commits the same
   * table. Costs a look per chain, never a rule.
   */
  @SuppressWarnings("ReferenceEquality") // the same instance is the same table at no cost
  public boolean sameAs(TableState other) {
    return other == this || (table == other.table && chains.sameAs(other.chains));
  }

  /** A table with only its built-in chains, all with policy ACCEPT. */
  public static TableState empty(Table table) {
    return Objects.requireNonNull(EMPTY.get(table));
  }

  /** {@link #empty} of every table, built once. */
  private static final Map<Table, TableState> EMPTY = emptyTables();

  private static Map<Table, TableState> emptyTables() {
    Map<Table, TableState> empty = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      Map<String, Chain> chains = new LinkedHashMap<>();
      for (Hook hook : table.hooks()) {
        chains.put(hook.name(), Chain.shared(hook.name(), HookVerdict.ACCEPT, List.of()));
      }
      empty.put(table, new TableState(table, chains));
    }
    return empty;
  }

  public Optional<Chain> chain(String name) {
    return Optional.ofNullable(chains.get(name));
  }

  /** This table with {@code chains} replaced, put back in canonical order. */
  public static TableState of(Table table, Map<String, Chain> chains) {
    Map<String, Chain> ordered = new LinkedHashMap<>();
    for (Hook hook : table.hooks()) {
      Chain builtin = chains.get(hook.name());
      ordered.put(
          hook.name(),
          builtin != null ? builtin : Chain.shared(hook.name(), HookVerdict.ACCEPT, List.of()));
    }
    chains.values().stream()
        .filter(c -> !c.isBuiltin())
        .sorted(Comparator.comparing(Chain::name))
        .forEach(c -> ordered.put(c.name(), c));
    return new TableState(table, ordered);
  }

  /** How many rules jump or go to {@code chain} (the "references" of {@code iptables -L}). */
  public int references(String chain) {
    int count = 0;
    for (Chain c : chains.values()) {
      for (Rule rule : c.rules()) {
        Target target = rule.target();
        if (target != null && chain.equals(target.chainReference())) {
          count++;
        }
      }
    }
    return count;
  }

  /** The number of rules in the table (counted in any order: listing them may sort the chains). */
  public int ruleCount() {
    ChainGraph graph = chains.graph();
    int count = 0;
    for (int slot = 0; slot < graph.slots(); slot++) {
      Chain chain = graph.get(slot);
      if (chain != null) {
        count += chain.rules().size();
      }
    }
    return count;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TableState that && table == that.table && chains.equals(that.chains);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, chains);
  }

  @Override
  public String toString() {
    return "TableState[table=" + table + ", chains=" + chains + "]";
  }
}
