package dev.ksim.netfilter.text;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.ChainGraph;
import dev.ksim.netfilter.table.ChainIds;
import dev.ksim.netfilter.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's verdict on a table at COMMIT ({@code mark_source_chains} and {@code check_target} in
 * ip_tables.c): every jump leads to an existing chain, no chain reachable from a hook reaches
 * itself, and every target is allowed at each hook its chain is reachable from. Decided per chain
 * and per jump over a {@link ChainGraph} (slot numbers and bit masks, never names or rules); the
 * parser explains a refusal.
 *
 * <p>When the table before the restore was accepted, the check starts from what that check found
 * ({@link ChainGraph#reach}) and looks only at the chains the restore changed or deleted and at
 * what the changed ones reach: a partial restore of a table of 100,000 chains costs what it
 * changed. That shortcut only ever accepts; whatever it cannot accept at once goes to the whole
 * check, which decides.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/ipv4/netfilter/ip_tables.c">ip_tables.c
 *     mark_source_chains</a>
 */
final class CommitCheck {
  private static final int WHITE = 0;
  private static final int GREY = 1;
  private static final int BLACK = 2;

  /** NFT_JUMP_STACK_SIZE: a chain this deep below a base chain may not jump further. */
  private static final int JUMP_STACK_SIZE = 16;

  /** In a {@link ChainGraph#reach} value: the hooks' bits below, the depth above. */
  private static final int DEPTH_SHIFT = 8;

  private static final int HOOK_BITS = (1 << DEPTH_SHIFT) - 1;

  private final ChainGraph graph;
  private final int[] colour;
  private final int[] hooks;
  private final int[] topological;
  private int visited;

  private CommitCheck(ChainGraph graph) {
    this.graph = graph;
    this.colour = new int[graph.slots()];
    this.hooks = new int[graph.slots()];
    this.topological = new int[graph.slots()];
  }

  /**
   * {@code after} as the kernel takes it as the new state of {@code table}, with what the check
   * found ({@link ChainGraph#accepted}), or null when the kernel refuses it.
   *
   * @param before the graph of the table before the restore
   * @param after {@code before} {@linkplain ChainGraph#derive derived} with {@code deleted} and
   *     {@code changed}
   */
  static @Nullable ChainGraph check(
      Table table,
      ChainGraph before,
      ChainGraph after,
      Collection<String> deleted,
      Collection<Chain> changed) {
    int[] known = before.reach();
    int[] reach = known == null ? null : changes(known, after, deleted, changed);
    if (reach == null) {
      reach = new CommitCheck(after).accepts(table);
    }
    return reach == null ? null : after.accepted(reach);
  }

  /**
   * What the check finds of {@code after} when it accepts it, worked out from {@code known}, what
   * it found of the table before, over the chains {@code changed} and what they reach; null when
   * that does not show the table accepted (the whole check then decides). Sound because the table
   * before was accepted: a jump to a missing chain is a changed chain's or one to a deleted chain
   * (which the reference counts tell), and a loop, a jump too deep or a target at a hook it does
   * not allow lies on a path through a changed chain's jump, along which the values are raised.
   * Values are only raised, never lowered, so each stays at least the kernel's (a chain no longer
   * reached keeps its old value until a whole check).
   */
  private static int @Nullable [] changes(
      int[] known, ChainGraph after, Collection<String> deleted, Collection<Chain> changed) {
    int[] reach = Arrays.copyOf(known, after.slots());
    for (String name : deleted) {
      int slot = ChainIds.of(name);
      if (!after.present(slot)) {
        if (after.references(slot) > 0) {
          return null;
        }
        reach[slot] = 0;
      }
    }
    int[] pending = new int[Math.max(16, changed.size())];
    int count = 0;
    for (Chain chain : changed) {
      int slot = chain.id();
      for (int target : after.jumps(slot)) {
        if (!after.present(target)) {
          return null;
        }
      }
      if (reach[slot] != 0) {
        pending = push(pending, count++, slot);
      }
    }
    while (count > 0) {
      int at = pending[--count];
      int hookBits = reach[at] & HOOK_BITS;
      int depth = reach[at] >>> DEPTH_SHIFT;
      int[] targets = after.jumps(at);
      if ((hookBits & after.allowedHooks(at)) != hookBits
          || (depth >= JUMP_STACK_SIZE && targets.length > 0)) {
        return null;
      }
      for (int next : targets) {
        int raised =
            (reach[next] & HOOK_BITS)
                | hookBits
                | (Math.max(reach[next] >>> DEPTH_SHIFT, depth + 1) << DEPTH_SHIFT);
        if (raised != reach[next]) {
          reach[next] = raised;
          pending = push(pending, count++, next);
        }
      }
    }
    return reach;
  }

  private static int[] push(int[] stack, int at, int slot) {
    int[] grown = at < stack.length ? stack : Arrays.copyOf(stack, stack.length * 2);
    grown[at] = slot;
    return grown;
  }

  /** What the whole check finds of the graph, per slot, or null when the kernel refuses it. */
  private int @Nullable [] accepts(Table table) {
    if (!jumpsResolve()) {
      return null;
    }
    int[] depth = new int[graph.slots()];
    for (Hook hook : table.hooks()) {
      int builtin = graph.chain(hook.name());
      if (builtin >= 0) {
        hooks[builtin] |= ChainGraph.bit(hook);
        depth[builtin] = 1;
        if (colour[builtin] == WHITE && !depthFirst(builtin)) {
          return null;
        }
      }
    }
    // parents before children: each chain's hooks and depth are final when it passes them on
    for (int t = visited - 1; t >= 0; t--) {
      int at = topological[t];
      int[] targets = graph.jumps(at);
      if (depth[at] >= JUMP_STACK_SIZE && targets.length > 0) {
        return null;
      }
      for (int next : targets) {
        hooks[next] |= hooks[at];
        depth[next] = Math.max(depth[next], depth[at] + 1);
      }
    }
    int[] reach = new int[graph.slots()];
    for (int t = 0; t < visited; t++) {
      int at = topological[t];
      if ((hooks[at] & graph.allowedHooks(at)) != hooks[at]) {
        return null;
      }
      reach[at] = hooks[at] | (depth[at] << DEPTH_SHIFT);
    }
    return reach;
  }

  /** Whether every jump of every chain in the table leads to a chain in the table. */
  private boolean jumpsResolve() {
    for (int slot = 0; slot < graph.slots(); slot++) {
      if (graph.present(slot)) {
        for (int target : graph.jumps(slot)) {
          if (!graph.present(target)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Visits what {@code start} reaches, appending chains in post-order; false on a loop. */
  private boolean depthFirst(int start) {
    List<int[]> stack = new ArrayList<>();
    stack.add(new int[] {start, 0});
    colour[start] = GREY;
    while (!stack.isEmpty()) {
      int[] frame = stack.get(stack.size() - 1);
      int[] targets = graph.jumps(frame[0]);
      if (frame[1] == targets.length) {
        colour[frame[0]] = BLACK;
        topological[visited++] = frame[0];
        stack.remove(stack.size() - 1);
        continue;
      }
      int next = targets[frame[1]++];
      if (colour[next] == GREY) {
        return false;
      }
      if (colour[next] == WHITE) {
        colour[next] = GREY;
        stack.add(new int[] {next, 0});
      }
    }
    return true;
  }
}
