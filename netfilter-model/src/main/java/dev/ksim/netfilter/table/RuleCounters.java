package dev.ksim.netfilter.table;

import dev.ksim.netfilter.hook.Hook;
import java.util.IdentityHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One kernel's packet and byte counters (of one family) for every rule and every built-in chain's
 * policy, as {@code iptables -L -v} and {@code iptables-save -c} print them.
 *
 * <p>A rule's counters are kept by table, chain instance and the rule's position in the chain, and
 * a chain's are allocated when one of its rules first counts a packet: chains are shared by every
 * kernel that holds the same one ({@link Chain#shared}), so nothing of a kernel's own is kept in
 * them. When a table is replaced ({@link #replaced}) a chain the new table keeps as it was keeps
 * its counters; a chain the restore wrote anew (flushed and written again, or created) starts at
 * zero, as with iptables-legacy-restore, even when it is equal to the one it replaces; a chain
 * edited in place (rules appended, inserted or deleted) keeps the counters of the rules it kept.
 * Policies' counters last until zeroed.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/libiptc/libiptc.c">libiptc.c: TC_COMMIT's
 *     counter map (rules kept keep their counters, new ones start at zero)</a>
 */
public final class RuleCounters {
  private static final Hook[] HOOKS = Hook.values();

  private static final int TABLES = Table.values().length;

  /**
   * By table (its ordinal): each counted chain's {packets, bytes} of every rule, as one array; an
   * array rather than an EnumMap, as a rule that matches looks its chain up here. Made when a rule
   * first counts, as are a table's map and the policies' array: most kernels (pods') count nothing.
   */
  private ChainCounts @Nullable [] rules;

  /** {packets, bytes} of every table's policy at every hook. */
  private long @Nullable [] policies;

  /**
   * One table's counted chains, by instance: open addressing on the chain's {@link Chain#id}, a
   * field read, where an identity map hashed each chain with {@code System.identityHashCode}, a
   * call into the VM until C2 compiles the walk (most of a run of requests). Chains of one name (an
   * old instance and the one replacing it) share a home slot and are told apart by instance.
   */
  private static final class ChainCounts {
    private Chain[] chains = new Chain[16];
    private long[][] counts = new long[16][];
    private int size;

    @SuppressWarnings("ReferenceEquality") // counters are kept by chain instance
    long @Nullable [] get(Chain chain) {
      int mask = chains.length - 1;
      for (int at = home(chain, mask); ; at = (at + 1) & mask) {
        Chain held = chains[at];
        if (held == chain) {
          return counts[at];
        }
        if (held == null) {
          return null;
        }
      }
    }

    /** Adds {@code chain}, which is not in yet, with {@code counted}. */
    void put(Chain chain, long[] counted) {
      if ((size + 1) * 2 > chains.length) {
        Chain[] oldChains = chains;
        long[][] oldCounts = counts;
        chains = new Chain[oldChains.length * 2];
        counts = new long[oldChains.length * 2][];
        size = 0;
        for (int i = 0; i < oldChains.length; i++) {
          Chain held = oldChains[i];
          if (held != null) {
            put(held, oldCounts[i]);
          }
        }
      }
      int mask = chains.length - 1;
      int at = home(chain, mask);
      while (chains[at] != null) {
        at = (at + 1) & mask;
      }
      chains[at] = chain;
      counts[at] = counted;
      size++;
    }

    private static int home(Chain chain, int mask) {
      int h = chain.id() * 0x9E3779B9;
      return (h ^ (h >>> 16)) & mask;
    }
  }

  /**
   * Counts a packet of {@code bytes} that matched the rule at {@code position} of {@code chain}.
   */
  @SuppressWarnings("EnumOrdinal") // the tables as array indexes
  public void countRule(Table table, Chain chain, int position, int bytes) {
    ChainCounts[] tables = rules;
    if (tables == null) {
      tables = new ChainCounts[TABLES];
      rules = tables;
    }
    ChainCounts counted = tables[table.ordinal()];
    if (counted == null) {
      counted = new ChainCounts();
      tables[table.ordinal()] = counted;
    }
    long[] c = counted.get(chain);
    if (c == null) {
      c = new long[chain.rules().size() * 2];
      counted.put(chain, c);
    }
    c[position * 2]++;
    c[position * 2 + 1] += bytes;
  }

  /**
   * Counts a packet of {@code bytes} that met the policy of {@code table}'s chain at {@code hook}.
   */
  public void countPolicy(Table table, Hook hook, int bytes) {
    long[] counted = policies;
    if (counted == null) {
      counted = new long[Table.values().length * HOOKS.length * 2];
      policies = counted;
    }
    int at = policySlot(table, hook);
    counted[at]++;
    counted[at + 1] += bytes;
  }

  /**
   * {packets, bytes} of the rule at {@code position} (from 0) of {@code chain} in {@code table}.
   */
  public long[] rule(Table table, Chain chain, int position) {
    long[] c = counts(table, chain);
    return c == null ? new long[2] : new long[] {c[position * 2], c[position * 2 + 1]};
  }

  @SuppressWarnings("EnumOrdinal") // the tables as array indexes
  private long @Nullable [] counts(Table table, Chain chain) {
    ChainCounts[] tables = rules;
    ChainCounts counted = tables == null ? null : tables[table.ordinal()];
    return counted == null ? null : counted.get(chain);
  }

  /** {packets, bytes} of a built-in chain's policy ({0, 0} for any other chain). */
  public long[] policy(Table table, String chain) {
    long[] counted = policies;
    for (Hook hook : table.hooks()) {
      if (counted != null && hook.name().equals(chain)) {
        int at = policySlot(table, hook);
        return new long[] {counted[at], counted[at + 1]};
      }
    }
    return new long[2];
  }

  /** Zeroes everything ({@code iptables -Z}). */
  public void clear() {
    rules = null;
    policies = null;
  }

  /**
   * Carries the counters of {@code table} over to {@code next}, the state that replaces it: a chain
   * kept as it was keeps its counters, one the restore that made {@code next} wrote anew ({@link
   * TableState#rewritten}) or that is gone loses them, and a chain edited in place keeps those of
   * the rules it kept (the same rule instances; they may have moved).
   */
  @SuppressWarnings("EnumOrdinal") // the tables as array indexes
  public void replaced(Table table, TableState next) {
    ChainCounts[] tables = rules;
    ChainCounts counted = tables == null ? null : tables[table.ordinal()];
    if (tables == null || counted == null) {
      return;
    }
    ChainCounts carried = new ChainCounts();
    // chains kept as they were first: an older instance of the same name, still counted, must not
    // take a kept chain's place (which one comes first in the slots depends on the chain ids)
    carry(counted, next, carried, true);
    carry(counted, next, carried, false);
    tables[table.ordinal()] = carried;
  }

  /**
   * Puts into {@code carried} the counters of each chain of {@code counted} that {@code next} keeps
   * as the same instance ({@code sameInstance}) or has under its name without having rewritten it.
   */
  @SuppressWarnings("ReferenceEquality") // a chain kept as it was is the same instance
  private static void carry(
      ChainCounts counted, TableState next, ChainCounts carried, boolean sameInstance) {
    for (int i = 0; i < counted.chains.length; i++) {
      Chain before = counted.chains[i];
      if (before == null) {
        continue;
      }
      Chain after = next.chains().get(before.name());
      if (after == null
          || (after == before) != sameInstance
          || next.rewritten(after)
          || carried.get(after) != null) {
        continue;
      }
      long[] counts = counted.counts[i];
      carried.put(after, sameInstance ? counts : kept(before, counts, after));
    }
  }

  /** The counters of {@code after}'s rules that are rules of {@code before}, the others zero. */
  private static long[] kept(Chain before, long[] counts, Chain after) {
    IdentityHashMap<Rule, Integer> positions = new IdentityHashMap<>();
    List<Rule> old = before.rules();
    for (int i = 0; i < old.size(); i++) {
      positions.put(old.get(i), i);
    }
    List<Rule> now = after.rules();
    long[] c = new long[now.size() * 2];
    for (int i = 0; i < now.size(); i++) {
      Integer from = positions.get(now.get(i));
      if (from != null) {
        c[i * 2] = counts[from * 2];
        c[i * 2 + 1] = counts[from * 2 + 1];
      }
    }
    return c;
  }

  @SuppressWarnings("EnumOrdinal") // the tables and hooks as array indexes
  private static int policySlot(Table table, Hook hook) {
    return (table.ordinal() * HOOKS.length + hook.ordinal()) * 2;
  }
}
