package dev.ksim.netfilter.text;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.TableState;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chains of one table as {@link CommitCheck} walks them: each chain name has a slot, each
 * chain's jumps are slot numbers and its allowed hooks a bit mask. The graph of a committed table
 * is remembered, and the next restore of that table derives its graph from it, looking up by name
 * only the chains it changed: a partial restore of a table of 100,000 chains resolves its few
 * chains' jumps, not every jump of the table.
 *
 * <p>A name keeps its slot in every graph derived from the one that gave it (a chain deleted and
 * created again, as kube-proxy's endpoint chains are, comes back to its slot), so the jumps of the
 * chains a restore left alone stay valid. Names are looked up first in the index the first graph of
 * the line built, which derived graphs share and never change, then in the few names added since;
 * once those are many, the next restore builds a graph afresh.
 */
final class ChainGraph {
  /** The graphs of the tables committed last: both tables of each node of a small cluster. */
  private static final Cache<TableState, ChainGraph> COMMITTED =
      CacheBuilder.newBuilder().weakKeys().maximumSize(16).build();

  /** Slots of names, shared by the graphs derived from the one that built it. */
  private final Map<String, Integer> shared;

  /** Slots of names added since {@link #shared} was built. */
  private final Map<String, Integer> added;

  /**
   * Whether the chain of each slot is in the table (a slot may name a chain deleted or missing).
   */
  private final boolean[] present;

  private final int[][] jumps;
  private final int[] masks;

  private ChainGraph(
      Map<String, Integer> shared,
      Map<String, Integer> added,
      boolean[] present,
      int[][] jumps,
      int[] masks) {
    this.shared = shared;
    this.added = added;
    this.present = present;
    this.jumps = jumps;
    this.masks = masks;
  }

  /** The graph of {@code committed}'s table, derived from its base's when that is remembered. */
  static ChainGraph of(TableDraft.Committed committed) {
    ChainGraph base = COMMITTED.getIfPresent(committed.base());
    if (base != null && base.added.size() <= 1024 + base.shared.size() / 8) {
      return base.derive(committed.deleted(), committed.changed());
    }
    return build(committed.state().chains().values());
  }

  /** Remembers {@code graph} as {@code state}'s, for the next restore of the table. */
  static void remember(TableState state, ChainGraph graph) {
    COMMITTED.put(state, graph);
  }

  private static ChainGraph build(Collection<Chain> chains) {
    Map<String, Integer> names = new HashMap<>(chains.size() * 2);
    for (Chain chain : chains) {
      names.put(chain.name(), names.size());
    }
    for (Chain chain : chains) {
      for (String target : chain.jumpTargets()) {
        names.putIfAbsent(target, names.size());
      }
    }
    ChainGraph graph =
        new ChainGraph(
            names,
            Map.of(),
            new boolean[names.size()],
            new int[names.size()][],
            new int[names.size()]);
    chains.forEach(graph::place);
    return graph;
  }

  private ChainGraph derive(List<String> deleted, List<Chain> changed) {
    Map<String, Integer> names = new HashMap<>(added);
    int slots = present.length;
    for (Chain chain : changed) {
      slots = assign(names, chain.name(), slots);
      for (String target : chain.jumpTargets()) {
        slots = assign(names, target, slots);
      }
    }
    ChainGraph graph =
        new ChainGraph(
            shared,
            names,
            Arrays.copyOf(present, slots),
            Arrays.copyOf(jumps, slots),
            Arrays.copyOf(masks, slots));
    for (String name : deleted) {
      graph.present[graph.slot(name)] = false;
    }
    changed.forEach(graph::place);
    return graph;
  }

  private int assign(Map<String, Integer> names, String name, int slots) {
    if (shared.containsKey(name) || names.containsKey(name)) {
      return slots;
    }
    names.put(name, slots);
    return slots + 1;
  }

  /** Puts {@code chain} in its slot, its jumps resolved. */
  private void place(Chain chain) {
    int at = slot(chain.name());
    List<String> targets = chain.jumpTargets();
    int[] resolved = new int[targets.size()];
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = slot(targets.get(i));
    }
    present[at] = true;
    jumps[at] = resolved;
    int mask = 0;
    for (Hook hook : chain.allowedHooks()) {
      mask |= bit(hook);
    }
    masks[at] = mask;
  }

  /** The slot of a name this graph knows (every chain of the table and every jump target). */
  private int slot(String name) {
    Integer slot = shared.get(name);
    if (slot == null) {
      slot = added.get(name);
    }
    if (slot == null) {
      throw new IllegalStateException("no slot for chain " + name);
    }
    return slot;
  }

  /** The slot of {@code name} when its chain is in the table, else -1. */
  int chain(String name) {
    Integer slot = shared.get(name);
    if (slot == null) {
      slot = added.get(name);
    }
    return slot != null && present[slot] ? slot : -1;
  }

  /** How many slots (chains in the table, and names of chains deleted or missing). */
  int slots() {
    return present.length;
  }

  boolean present(int slot) {
    return present[slot];
  }

  /** The slots the chain in {@code slot} jumps or goes to. */
  int[] jumps(int slot) {
    return jumps[slot];
  }

  /** The hooks the chain in {@code slot} may be reached from, as {@link #bit}s. */
  int allowedHooks(int slot) {
    return masks[slot];
  }

  /** A hook as a bit: a table of 100,000 chains keeps its chains' hook sets as int masks. */
  @SuppressWarnings("EnumOrdinal")
  static int bit(Hook hook) {
    return 1 << hook.ordinal();
  }
}
