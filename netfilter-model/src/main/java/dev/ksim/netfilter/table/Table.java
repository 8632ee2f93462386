package dev.ksim.netfilter.table;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.ksim.netfilter.hook.Hook;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The iptables tables, in the order a hook runs them: raw (-300), mangle (-150), nat's DNAT half
 * (-100), filter (0), nat's SNAT half (100). Conntrack runs at -200, between raw and mangle.
 */
public enum Table {
  RAW(ImmutableList.of(Hook.PREROUTING, Hook.OUTPUT), -300, -300),
  MANGLE(
      ImmutableList.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING),
      -150,
      -150),
  NAT(ImmutableList.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING), -100, 100),
  FILTER(ImmutableList.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT), 0, 0);

  private final ImmutableList<Hook> hooks;

  /**
   * The priority at PREROUTING and OUTPUT, and at the other hooks: they differ for nat only (its
   * DNAT half, then its SNAT half). Fields, not a switch: a packet asks at every hook it passes.
   */
  private final int destinationPriority;

  private final int sourcePriority;

  /** The names of the built-in chains: a restore asks for each chain it reads. */
  private final ImmutableSet<String> builtinChains;

  Table(ImmutableList<Hook> hooks, int destinationPriority, int sourcePriority) {
    this.hooks = hooks;
    this.destinationPriority = destinationPriority;
    this.sourcePriority = sourcePriority;
    this.builtinChains = hooks.stream().map(Hook::name).collect(ImmutableSet.toImmutableSet());
  }

  /** The hooks the table has built-in chains for, in iptables-save's order. */
  public ImmutableList<Hook> hooks() {
    return hooks;
  }

  /** Whether {@code chain} names one of the table's built-in chains ({@code INPUT}, ...). */
  public boolean hasBuiltinChain(String chain) {
    return builtinChains.contains(chain);
  }

  /** The table's name as iptables spells it: {@code nat}, {@code filter}, ... */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kernel priority of this table at {@code hook}. */
  public int priority(Hook hook) {
    return hook == Hook.PREROUTING || hook == Hook.OUTPUT ? destinationPriority : sourcePriority;
  }

  /** The tables registered at {@code hook}, in priority order. */
  public static ImmutableList<Table> at(Hook hook) {
    return Objects.requireNonNull(AT_HOOK.get(hook));
  }

  /** {@link #at} for every hook, worked out once: a packet asks at each hook it passes. */
  private static final Map<Hook, ImmutableList<Table>> AT_HOOK = tablesAtHooks();

  private static Map<Hook, ImmutableList<Table>> tablesAtHooks() {
    Map<Hook, ImmutableList<Table>> tables = new EnumMap<>(Hook.class);
    for (Hook hook : Hook.values()) {
      tables.put(
          hook,
          ImmutableList.sortedCopyOf(
              Comparator.comparingInt((Table t) -> t.priority(hook)),
              Arrays.stream(values()).filter(t -> t.hooks.contains(hook)).toList()));
    }
    return tables;
  }

  public static Optional<Table> tryParse(String name) {
    for (Table table : values()) {
      if (table.token().equals(name)) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }
}
