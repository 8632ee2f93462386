package dev.ksim.netfilter.table;

import dev.ksim.netfilter.hook.Hook;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The chains of one committed table as the kernel's checks at commit walk them: slot {@code n}
 * holds the chain named by {@link ChainIds} number {@code n} (or nothing), each chain's jumps are
 * numbers and its allowed hooks a bit mask, both worked out once when the chain is built. Beside
 * the chains it keeps how many chains jump to each slot, and what the check that accepted the table
 * found of each slot ({@link #reach}). A table keeps its graph (see {@link TableState#graph}), and
 * the next restore of the table derives its graph from it, placing only the chains it changed and
 * counting only their jumps: a partial restore of a table of 100,000 chains copies a few arrays and
 * resolves its few chains, on every node, with no name looked up.
 */
public final class ChainGraph {
  private static final ChainGraph EMPTY = new ChainGraph(new Chain[0], new int[0], null);

  private static final int[] NO_JUMPS = new int[0];

  /** The chain of each slot, null where the table has no chain of that number's name. */
  private final @Nullable Chain[] chains;

  /** For each slot, how many chains of the table jump or go to it (a chain counts once). */
  private final int[] references;

  /** See {@link #reach}. */
  private final int @Nullable [] reach;

  private ChainGraph(@Nullable Chain[] chains, int[] references, int @Nullable [] reach) {
    this.chains = chains;
    this.references = references;
    this.reach = reach;
  }

  /** The graph of a table of {@code chains}. */
  static ChainGraph of(Collection<Chain> chains) {
    return EMPTY.derive(List.of(), chains);
  }

  /**
   * The graph of this graph's table after a restore deleted the chains named {@code deleted} (each
   * a chain of this graph) and put in {@code changed} (new chains and new instances of old ones; a
   * chain deleted and created again is in both). Not yet checked: it has no {@link #reach}.
   */
  public ChainGraph derive(Collection<String> deleted, Collection<Chain> changed) {
    // slots reach every changed chain and every chain a changed chain jumps to
    int length = chains.length;
    for (Chain chain : changed) {
      length = Math.max(length, chain.id() + 1);
      for (int target : chain.jumps()) {
        length = Math.max(length, target + 1);
      }
    }
    @Nullable Chain[] slots = Arrays.copyOf(chains, length);
    int[] counts = Arrays.copyOf(references, length);
    for (String name : deleted) {
      int slot = ChainIds.of(name);
      unreference(slots[slot], counts);
      slots[slot] = null;
    }
    for (Chain chain : changed) {
      unreference(slots[chain.id()], counts);
      for (int target : chain.jumps()) {
        counts[target]++;
      }
      slots[chain.id()] = chain;
    }
    return new ChainGraph(slots, counts, null);
  }

  private static void unreference(@Nullable Chain chain, int[] counts) {
    if (chain != null) {
      for (int target : chain.jumps()) {
        counts[target]--;
      }
    }
  }

  /**
   * This graph as accepted by the check at commit, with what it found of each slot.
   *
   * @param reach per slot (as long as {@link #slots}), see {@link #reach}
   */
  public ChainGraph accepted(int[] reach) {
    return new ChainGraph(chains, references, reach);
  }

  /**
   * What the check at commit that accepted this graph found, per slot: the {@link #bit}s of the
   * hooks the slot's chain is reached from, or'ed with 256 times its depth below a built-in chain
   * (1 for a built-in chain); 0 for a slot no hook reaches. At least what the kernel would find
   * (the check may have derived it from the table before), never less. Null when no check accepted
   * this graph. Read only.
   */
  public int @Nullable [] reach() {
    return reach;
  }

  /** How many slots (chains in the table, and numbers of other names). */
  public int slots() {
    return chains.length;
  }

  /** Whether the table has a chain in {@code slot}. */
  public boolean present(int slot) {
    return slot < chains.length && chains[slot] != null;
  }

  /** How many chains of the table jump or go to {@code slot}. */
  public int references(int slot) {
    return slot < references.length ? references[slot] : 0;
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
    return id >= 0 && present(id) ? id : -1;
  }

  /**
   * Whether {@code other} holds the very same chain instances in the same slots, and its check
   * found the same of each: a restore onto either makes the same graph. One look per slot.
   */
  @SuppressWarnings("ReferenceEquality") // the same instances, not equal chains
  boolean sameAs(ChainGraph other) {
    if (other == this) {
      return true;
    }
    int[] known = reach;
    int[] otherKnown = other.reach;
    if ((known == null) != (otherKnown == null)) {
      return false;
    }
    int slots = Math.max(chains.length, other.chains.length);
    for (int slot = 0; slot < slots; slot++) {
      if (get(slot) != other.get(slot)
          || (known != null && otherKnown != null && at(known, slot) != at(otherKnown, slot))) {
        return false;
      }
    }
    return true;
  }

  private static int at(int[] values, int slot) {
    return slot < values.length ? values[slot] : 0;
  }

  /** The chain in {@code slot} (a {@link ChainIds} number), null when the table has none. */
  @Nullable Chain get(int slot) {
    return slot >= 0 && slot < chains.length ? chains[slot] : null;
  }

  /** A hook as a bit: a table of 100,000 chains keeps its chains' hook sets as int masks. */
  @SuppressWarnings("EnumOrdinal")
  public static int bit(Hook hook) {
    return 1 << hook.ordinal();
  }
}
