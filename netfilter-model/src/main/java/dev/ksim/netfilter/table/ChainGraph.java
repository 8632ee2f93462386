package dev.ksim.netfilter.table;

import dev.ksim.netfilter.hook.Hook;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The chains of one committed table as the kernel's checks at commit walk them: slot {@code n}
 * holds the chain named by {@link ChainIds} number {@code n} (or nothing), each chain's jumps are
 * numbers and its allowed hooks a bit mask, both worked out once when the chain is built. A table
 * keeps its graph (see {@link TableState#graph}), and the next restore of the table derives its
 * graph from it, placing only the chains it changed: a partial restore of a table of 100,000 chains
 * copies one array of references and resolves its few chains, on every node, with no name looked
 * up.
 */
public final class ChainGraph {
  private static final ChainGraph EMPTY = new ChainGraph(new Chain[0]);

  private static final int[] NO_JUMPS = new int[0];

  /** The chain of each slot, null where the table has no chain of that number's name. */
  private final @Nullable Chain[] chains;

  private ChainGraph(@Nullable Chain[] chains) {
    this.chains = chains;
  }

  /** The graph of a table of {@code chains}. */
  static ChainGraph of(Collection<Chain> chains) {
    return EMPTY.derive(List.of(), chains);
  }

  /**
   * The graph of this graph's table after a restore deleted the chains named {@code deleted} and
   * put in {@code changed} (new chains and new instances of old ones; a chain deleted and created
   * again is in both).
   */
  public ChainGraph derive(Collection<String> deleted, Collection<Chain> changed) {
    @Nullable Chain[] slots = Arrays.copyOf(chains, ChainIds.count());
    for (String name : deleted) {
      slots[ChainIds.of(name)] = null;
    }
    for (Chain chain : changed) {
      slots[chain.id()] = chain;
    }
    return new ChainGraph(slots);
  }

  /** How many slots (chains in the table, and numbers of other names). */
  public int slots() {
    return chains.length;
  }

  /** Whether the table has a chain in {@code slot}. */
  public boolean present(int slot) {
    return chains[slot] != null;
  }

  /** The slots the chain in {@code slot} jumps or goes to (read only). */
  public int[] jumps(int slot) {
    Chain chain = chains[slot];
    return chain == null ? NO_JUMPS : chain.jumps();
  }

  /** The hooks the chain in {@code slot} may be reached from, as {@link #bit}s. */
  public int allowedHooks(int slot) {
    Chain chain = chains[slot];
    return chain == null ? 0 : chain.hookMask();
  }

  /** The slot of {@code name} when its chain is in the table, else -1. */
  public int chain(String name) {
    int id = ChainIds.find(name);
    return id >= 0 && id < chains.length && chains[id] != null ? id : -1;
  }

  /** A hook as a bit: a table of 100,000 chains keeps its chains' hook sets as int masks. */
  @SuppressWarnings("EnumOrdinal")
  public static int bit(Hook hook) {
    return 1 << hook.ordinal();
  }
}
