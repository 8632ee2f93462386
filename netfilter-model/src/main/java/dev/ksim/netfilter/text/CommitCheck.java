package dev.ksim.netfilter.text;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.table.ChainGraph;
import dev.ksim.netfilter.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's verdict on a table at COMMIT ({@code mark_source_chains} and {@code check_target} in
 * ip_tables.c): every jump leads to an existing chain, no chain reachable from a hook reaches
 * itself, and every target is allowed at each hook its chain is reachable from. Decided per chain
 * and per jump over a {@link ChainGraph} (slot numbers and bit masks, never names or rules), so
 * that a partial restore of a table with 100,000 rules stays cheap; the parser explains a refusal.
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

  /** Whether the kernel takes the table of {@code graph} as the new state of {@code table}. */
  static boolean accepts(Table table, ChainGraph graph) {
    return new CommitCheck(graph).accepts(table);
  }

  private boolean accepts(Table table) {
    if (!jumpsResolve()) {
      return false;
    }
    int[] depth = new int[graph.slots()];
    for (Hook hook : table.hooks()) {
      int builtin = graph.chain(hook.name());
      if (builtin >= 0) {
        hooks[builtin] |= ChainGraph.bit(hook);
        depth[builtin] = 1;
        if (colour[builtin] == WHITE && !depthFirst(builtin)) {
          return false;
        }
      }
    }
    // parents before children: each chain's hooks and depth are final when it passes them on
    for (int t = visited - 1; t >= 0; t--) {
      int at = topological[t];
      int[] targets = graph.jumps(at);
      if (depth[at] >= JUMP_STACK_SIZE && targets.length > 0) {
        return false;
      }
      for (int next : targets) {
        hooks[next] |= hooks[at];
        depth[next] = Math.max(depth[next], depth[at] + 1);
      }
    }
    for (int t = 0; t < visited; t++) {
      int at = topological[t];
      if ((hooks[at] & graph.allowedHooks(at)) != hooks[at]) {
        return false;
      }
    }
    return true;
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
