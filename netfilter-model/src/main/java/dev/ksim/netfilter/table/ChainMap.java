package dev.ksim.netfilter.table;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A table's chains by name, read only: a name is found through its {@link ChainIds} number in the
 * table's {@link ChainGraph}, and the chains are listed in the order {@link #order} keeps as
 * numbers. A restore that changes a few chains of a table of 100,000 makes its map from the old one
 * ({@link #derive}) without rebuilding a hash table: the graph places the changed chains, and the
 * order is copied with the created chains put in and the deleted ones left out, or kept as it is
 * when no chain came or went. A restore that writes most of the table anew (a node's first sync)
 * leaves the order to first use: sorting 100,000 names costs a cold restore a tenth of its time,
 * and nothing but a listing ({@code iptables-save}) reads it.
 */
final class ChainMap extends AbstractMap<String, Chain> {
  private final ChainGraph graph;

  /**
   * The built-in chains' names, in hook order, that come first in a derived map's order (empty for
   * a map {@linkplain #of of given chains}, whose order is known).
   */
  private final List<String> builtins;

  /**
   * The slots of the chains, in the map's order; null until first use in a map a restore derived
   * without merging, whose order is then the canonical one: {@link #builtins}, then the user chains
   * by name. Racing readers sort to equal arrays.
   */
  private volatile int @Nullable [] order;

  /** How many chains. */
  private final int size;

  /**
   * Whether the order is the canonical one ({@link #builtins}, then the user chains by name), as in
   * every map a restore derived; a map {@linkplain #of of given chains} keeps their order.
   */
  private final boolean canonical;

  private ChainMap(
      ChainGraph graph,
      List<String> builtins,
      int @Nullable [] order,
      int size,
      boolean canonical) {
    this.graph = graph;
    this.builtins = builtins;
    this.order = order;
    this.size = size;
    this.canonical = canonical;
  }

  /** The map of {@code chains}, in their order. */
  static ChainMap of(Map<String, Chain> chains) {
    ChainGraph graph = ChainGraph.of(chains.values());
    int[] order = new int[chains.size()];
    int at = 0;
    for (Chain chain : chains.values()) {
      order[at++] = chain.id();
    }
    return new ChainMap(graph, List.of(), order, order.length, false);
  }

  ChainGraph graph() {
    return graph;
  }

  /**
   * Whether {@code other} holds the very same chain instances in the same order. Two maps in
   * canonical order list the same instances in the same order, whether or not it was sorted yet.
   */
  boolean sameAs(ChainMap other) {
    if (!graph.sameAs(other.graph)) {
      return false;
    }
    return (canonical && other.canonical && builtins.equals(other.builtins))
        || Arrays.equals(order(), other.order());
  }

  /**
   * The map of {@code next}, a graph derived from this map's by deleting the chains named {@code
   * deleted} and putting in {@code changed}: built-in chains first in {@code builtins}' order, then
   * user chains by name. The created chains are merged into this map's order when it is known, by
   * name, and they are fewer than the chains kept; otherwise (or when this map's chains are not so)
   * the order is left to first use.
   */
  ChainMap derive(
      ChainGraph next,
      List<String> builtins,
      Collection<String> deleted,
      Collection<Chain> changed) {
    List<String> removed = new ArrayList<>();
    for (String name : deleted) {
      if (!next.present(ChainIds.of(name))) {
        removed.add(name);
      }
    }
    List<Chain> added = new ArrayList<>();
    for (Chain chain : changed) {
      if (!graph.present(chain.id())) {
        added.add(chain);
      }
    }
    int nextSize = size - removed.size() + added.size();
    int[] known = order;
    int[] merged = null;
    if (known != null && added.size() <= nextSize - added.size()) {
      int start = 0;
      while (start < builtins.size()
          && start < known.length
          && known[start] == ChainIds.of(builtins.get(start))) {
        start++;
      }
      merged = start == builtins.size() ? merge(known, start, removed, added) : null;
    }
    return new ChainMap(next, builtins, merged, nextSize, true);
  }

  /**
   * {@code order} (from {@code start} user chains sorted by name) without the chains {@code
   * removed} and with the user chains {@code added} put in by name; {@code order} itself when none
   * came or went; null when a chain that went is not where the order by name puts it.
   */
  private int @Nullable [] merge(
      int[] order, int start, List<String> removedNames, List<Chain> added) {
    List<Integer> removed = new ArrayList<>();
    for (String name : removedNames) {
      int at = search(order, start, name);
      if (at < 0) {
        return null;
      }
      removed.add(at);
    }
    if (removed.isEmpty() && added.isEmpty()) {
      return order;
    }
    removed.sort(null);
    added.sort(Comparator.comparing(Chain::name));
    int[] insertAt = new int[added.size()];
    for (int i = 0; i < insertAt.length; i++) {
      insertAt[i] = -search(order, start, added.get(i).name()) - 1;
    }
    int[] merged = new int[order.length - removed.size() + added.size()];
    System.arraycopy(order, 0, merged, 0, start);
    int out = start;
    int skipped = 0;
    int inserted = 0;
    for (int at = start; at <= order.length; at++) {
      // a chain that sorts before the one at {@code at} goes in first
      while (inserted < insertAt.length && insertAt[inserted] == at) {
        merged[out++] = added.get(inserted++).id();
      }
      if (at == order.length) {
        break;
      }
      if (skipped < removed.size() && removed.get(skipped) == at) {
        skipped++;
      } else {
        merged[out++] = order[at];
      }
    }
    return merged;
  }

  /**
   * Where {@code name} is among the user chains of {@code order} from {@code start}, as
   * Arrays.binarySearch says.
   */
  private int search(int[] order, int start, String name) {
    int low = start;
    int high = order.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int compared = chainAt(order[mid]).name().compareTo(name);
      if (compared < 0) {
        low = mid + 1;
      } else if (compared > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /** The map's order, sorted on first use when the restore that made the map left it. */
  private int[] order() {
    int[] known = order;
    if (known == null) {
      known = sorted(graph, builtins);
      order = known;
    }
    return known;
  }

  private Chain chainAt(int slot) {
    Chain chain = graph.get(slot);
    if (chain == null) {
      throw new IllegalStateException("a listed slot holds no chain");
    }
    return chain;
  }

  /**
   * The chains of {@code next}: the built-in chains in {@code builtins}' order, then the user
   * chains by name.
   */
  private static int[] sorted(ChainGraph next, List<String> builtins) {
    List<Chain> users = new ArrayList<>();
    for (int slot = 0; slot < next.slots(); slot++) {
      Chain chain = next.get(slot);
      if (chain != null && !chain.isBuiltin()) {
        users.add(chain);
      }
    }
    users.sort(Comparator.comparing(Chain::name));
    int[] merged = new int[builtins.size() + users.size()];
    for (int i = 0; i < builtins.size(); i++) {
      merged[i] = ChainIds.of(builtins.get(i));
    }
    for (int i = 0; i < users.size(); i++) {
      merged[builtins.size() + i] = users.get(i).id();
    }
    return merged;
  }

  @Override
  public @Nullable Chain get(@Nullable Object name) {
    return name instanceof String s ? graph.get(ChainIds.find(s)) : null;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Collection<Chain> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Chain> iterator() {
        return new InOrder<>(slot -> chainAt(slot));
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Set<Entry<String, Chain>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Chain>> iterator() {
        return new InOrder<>(
            slot -> {
              Chain chain = chainAt(slot);
              return Map.entry(chain.name(), chain);
            });
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The map's chains, in order, each as {@code item} makes it of its slot. */
  private final class InOrder<T> implements Iterator<T> {
    private final IntFunction<T> item;
    private final int[] slots = order();
    private int next;

    InOrder(IntFunction<T> item) {
      this.item = item;
    }

    @Override
    public boolean hasNext() {
      return next < slots.length;
    }

    @Override
    public T next() {
      if (next >= slots.length) {
        throw new NoSuchElementException();
      }
      return item.apply(slots[next++]);
    }
  }
}
