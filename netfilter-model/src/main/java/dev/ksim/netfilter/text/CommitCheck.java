package dev.ksim.netfilter.text;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's verdict on a table at COMMIT ({@code mark_source_chains} and {@code check_target} in
 * ip_tables.c): every jump leads to an existing chain, no chain reachable from a hook reaches
 * itself, and every target is allowed at each hook its chain is reachable from. Decided per chain
 * and per jump from what each {@link Chain} knows of itself, never per rule, so that a partial
 * restore of a table with 100,000 rules stays cheap; the parser explains a refusal.
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

  private final List<Chain> chains;
  private final Map<String, Integer> index;
  private final int[] colour;
  private final int[] hooks;
  private final int[][] jumps;
  private final List<Integer> topological = new ArrayList<>();

  private CommitCheck(Map<String, Chain> table) {
    this.chains = new ArrayList<>(table.values());
    this.index = new HashMap<>(table.size() * 2);
    for (int i = 0; i < chains.size(); i++) {
      index.put(chains.get(i).name(), i);
    }
    this.colour = new int[chains.size()];
    this.hooks = new int[chains.size()];
    this.jumps = new int[chains.size()][];
  }

  /** Whether the kernel takes {@code chains} as the new state of {@code table}. */
  static boolean accepts(Table table, Map<String, Chain> chains) {
    return new CommitCheck(chains).accepts(table);
  }

  private boolean accepts(Table table) {
    if (!resolveJumps()) {
      return false;
    }
    for (Hook hook : table.hooks()) {
      Integer builtin = index.get(hook.name());
      if (builtin != null) {
        hooks[builtin] |= bit(hook);
        if (colour[builtin] == WHITE && !depthFirst(builtin)) {
          return false;
        }
      }
    }
    // parents before children: each chain's hooks and depth are final when it passes them on
    int[] depth = new int[chains.size()];
    for (Hook hook : table.hooks()) {
      Integer builtin = index.get(hook.name());
      if (builtin != null) {
        depth[builtin] = 1;
      }
    }
    for (int t = topological.size() - 1; t >= 0; t--) {
      int at = topological.get(t);
      int[] targets = jumps[at];
      if (depth[at] >= JUMP_STACK_SIZE && targets.length > 0) {
        return false;
      }
      for (int next : targets) {
        hooks[next] |= hooks[at];
        depth[next] = Math.max(depth[next], depth[at] + 1);
      }
    }
    for (int i = 0; i < chains.size(); i++) {
      if (hooks[i] != 0 && (hooks[i] & mask(chains.get(i))) != hooks[i]) {
        return false;
      }
    }
    return true;
  }

  /** Looks each chain's jump targets up once, as chain indexes; false when one names no chain. */
  private boolean resolveJumps() {
    for (int i = 0; i < chains.size(); i++) {
      List<String> targets = chains.get(i).jumpTargets();
      int[] resolved = new int[targets.size()];
      for (int j = 0; j < resolved.length; j++) {
        Integer target = index.get(targets.get(j));
        if (target == null) {
          return false;
        }
        resolved[j] = target;
      }
      jumps[i] = resolved;
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
      int[] targets = jumps[frame[0]];
      if (frame[1] == targets.length) {
        colour[frame[0]] = BLACK;
        topological.add(frame[0]);
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

  /** A hook as a bit: a table of 100,000 chains keeps its chains' hook sets as int masks. */
  @SuppressWarnings("EnumOrdinal")
  private static int bit(Hook hook) {
    return 1 << hook.ordinal();
  }

  private static int mask(Chain chain) {
    int mask = 0;
    for (Hook hook : chain.allowedHooks()) {
      mask |= bit(hook);
    }
    return mask;
  }
}
