package dev.ksim.netfilter.table;

import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.Map;

/**
 * All tables of one address family. Immutable: iptables-restore builds a new ruleset and the kernel
 * swaps it in whole, so a packet never sees half a restore.
 *
 * @param tables the tables that exist (a table appears once something created it)
 */
public record Ruleset(Map<Table, TableState> tables) {
  public static final Ruleset EMPTY = new Ruleset(Map.of());

  /**
   * The tables in their order (an enum map's), found by ordinal: a packet asks for each table at
   * every hook it passes, and a sorted map's binary search compared enums through a comparator.
   */
  public Ruleset {
    tables = Maps.immutableEnumMap(tables);
  }

  /** The table's state, empty (built-in chains only) when it was never created. */
  public TableState table(Table table) {
    TableState state = tables.get(table);
    return state != null ? state : TableState.empty(table);
  }

  public boolean has(Table table) {
    return tables.containsKey(table);
  }

  public Ruleset with(TableState state) {
    Map<Table, TableState> copy = new EnumMap<>(Table.class);
    copy.putAll(tables);
    copy.put(state.table(), state);
    return new Ruleset(copy);
  }
}
