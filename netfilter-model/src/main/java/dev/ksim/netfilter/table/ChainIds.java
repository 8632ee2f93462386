package dev.ksim.netfilter.table;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A number for every chain name the process has seen, so that the {@link ChainGraph} of each
 * kernel's table indexes its chains by number without a name map of its own: 100 nodes running
 * kube-proxy hold the same 100,000 chain names, numbered once. A number is never given back, so the
 * registry holds every chain name any restore used (kube-proxy's names are hashes of Service ports
 * and endpoints: they recur across nodes and syncs).
 */
public final class ChainIds {
  private static final int[] NONE = new int[0];

  /** Written under the class's lock (numbers are given in turn), read without it. */
  private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();

  /** The one-element jump arrays, by number: most chains jump to one chain only. */
  private static int[][] singles = new int[1024][];

  private ChainIds() {}

  /** The number of {@code name}, given on first use. */
  public static synchronized int of(String name) {
    Integer id = IDS.get(name);
    if (id == null) {
      id = IDS.size();
      IDS.put(name, id);
    }
    return id;
  }

  /**
   * The number of {@code name}, or -1 when no chain of that name was ever seen. Takes no lock: a
   * packet looks up each chain it jumps to by name.
   */
  public static int find(String name) {
    Integer id = IDS.get(name);
    return id == null ? -1 : id;
  }

  /**
   * The numbers of {@code names}, in order. Read only: the arrays for no name and for one name are
   * shared by every chain with the same jumps.
   */
  static synchronized int[] of(Collection<String> names) {
    if (names.isEmpty()) {
      return NONE;
    }
    int[] ids = new int[names.size()];
    int i = 0;
    for (String name : names) {
      ids[i++] = of(name);
    }
    if (ids.length > 1) {
      return ids;
    }
    int id = ids[0];
    if (id >= singles.length) {
      singles = Arrays.copyOf(singles, Math.max(singles.length * 2, id + 1));
    }
    int[] single = singles[id];
    if (single == null) {
      single = ids;
      singles[id] = single;
    }
    return single;
  }
}
