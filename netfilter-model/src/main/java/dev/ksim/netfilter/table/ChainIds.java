package dev.ksim.netfilter.table;

import dev.ksim.netfilter.hook.Hook;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A number for every chain name the process has seen, so that the {@link ChainGraph} of each
 * kernel's table indexes its chains by number without a name map of its own: 100 nodes running
 * kube-proxy hold the same 100,000 chain names, numbered once. A number is never given back, so the
 * registry holds every chain name any restore used (kube-proxy's names are hashes of Service ports
 * and endpoints: they recur across nodes and syncs).
 */
public final class ChainIds {
  private static final int[] NONE = new int[0];

  /**
   * Written under the class's lock (numbers are given in turn), read without it. Sized for a node's
   * first restore at 10,000 Services (110,000 names): growing to it one doubling at a time copied
   * it fourteen times during that restore.
   */
  private static final Map<String, Integer> IDS = new ConcurrentHashMap<>(120_000);

  /** The one-element jump arrays, by number: most chains jump to one chain only. */
  private static int[][] singles = new int[1024][];

  /**
   * The numbers of the built-in chains' names, by hook: numbered before any other name, so that a
   * packet finds the table's chain for its hook without looking its name up in the map of every
   * name (110,000 at 10,000 Services, a cache miss or more per table at every hook).
   */
  private static final int[] BUILTINS = builtins();

  private ChainIds() {}

  @SuppressWarnings("EnumOrdinal") // the hooks as array indexes, within this class only
  private static int[] builtins() {
    Hook[] hooks = Hook.values();
    int[] ids = new int[hooks.length];
    for (Hook hook : hooks) {
      ids[hook.ordinal()] = of(hook.name());
    }
    return ids;
  }

  /** The number of the built-in chain of {@code hook} ({@code PREROUTING}, ...). */
  @SuppressWarnings("EnumOrdinal") // the hooks as array indexes, within this class only
  public static int builtin(Hook hook) {
    return BUILTINS[hook.ordinal()];
  }

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
   * The numbers of the chains a chain's rules jump or go to, each once, in the order first
   * referenced: a rule's target is numbered as it is added, with no set of names in between (a
   * node's first restore links 110,000 chains, most of them jumping to one or two chains).
   */
  static final class Jumps {
    /** Past this many jumps, which are taken is kept in a set, not looked for in the list. */
    private static final int SCANNED = 32;

    private int[] ids = new int[4];
    private int count;
    private @Nullable Set<Integer> taken;

    /** Adds the chain named {@code name}, unless it is in already. */
    void add(String name) {
      int id = of(name);
      if (isTaken(id)) {
        return;
      }
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = id;
      Set<Integer> set = taken;
      if (set != null) {
        set.add(id);
      } else if (count > SCANNED) {
        set = new HashSet<>();
        for (int i = 0; i < count; i++) {
          set.add(ids[i]);
        }
        taken = set;
      }
    }

    private boolean isTaken(int id) {
      Set<Integer> set = taken;
      if (set != null) {
        return set.contains(id);
      }
      for (int i = 0; i < count; i++) {
        if (ids[i] == id) {
          return true;
        }
      }
      return false;
    }

    /**
     * The numbers added, in order. Read only: the arrays for no chain and for one chain are shared
     * by every chain with the same jumps.
     */
    int[] ids() {
      if (count == 0) {
        return NONE;
      }
      return count > 1 ? Arrays.copyOf(ids, count) : single(ids[0]);
    }
  }

  /** The shared one-element array of {@code id}. */
  private static synchronized int[] single(int id) {
    if (id >= singles.length) {
      singles = Arrays.copyOf(singles, Math.max(singles.length * 2, id + 1));
    }
    int[] single = singles[id];
    if (single == null) {
      single = new int[] {id};
      singles[id] = single;
    }
    return single;
  }
}
