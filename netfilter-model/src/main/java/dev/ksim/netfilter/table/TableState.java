package dev.ksim.netfilter.table;

import com.google.common.collect.ImmutableMap;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Target;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chains of one table: built-in chains in hook order, then user chains sorted by name, which is
 * the order iptables-save prints them in.
 *
 * @param table which table
 * @param chains the chains by name, in that order
 */
public record TableState(Table table, Map<String, Chain> chains) {
  public TableState {
    chains = ImmutableMap.copyOf(chains);
  }

  /** A table with only its built-in chains, all with policy ACCEPT. */
  public static TableState empty(Table table) {
    Map<String, Chain> chains = new LinkedHashMap<>();
    for (Hook hook : table.hooks()) {
      chains.put(hook.name(), new Chain(hook.name(), HookVerdict.ACCEPT, List.of()));
    }
    return new TableState(table, chains);
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
          builtin != null ? builtin : new Chain(hook.name(), HookVerdict.ACCEPT, List.of()));
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

  /** The number of rules in the table. */
  public int ruleCount() {
    return chains.values().stream().mapToInt(c -> c.rules().size()).sum();
  }
}
