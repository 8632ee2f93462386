package dev.ksim.netfilter.nft.text;

import static dev.ksim.netfilter.nft.NftChain.UNKNOWN_LEVEL;

import dev.ksim.netfilter.nft.NftChainReferences;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The jump levels of a table's chains and verdict maps at the end of a transaction (see {@link
 * dev.ksim.netfilter.nft.NftChain#jumpLevel}), worked out again only for what the transaction
 * changed, so that a transaction adding jumps can prove its table passes the kernel's jump check
 * without walking every chain.
 *
 * <p>A committed table keeps this invariant: a chain with a known level is above (has a greater
 * level than) every chain it jumps or goes to and every verdict map it looks up; a verdict map with
 * a known level is above every chain its elements name; no level exceeds the jump stack. A base
 * chain with a known level therefore reaches no loop and no chain deeper than its level, and the
 * table passes. A chain whose rules were rewritten to name the same committed objects is not
 * changed here (a full sync rewrites every chain so). A changed chain or map keeps its committed
 * level when what it now names still fits under it (the chains and maps that name it stay above it
 * without being looked at); one that needs more breaks the invariant, and every level is then
 * worked out again from the whole graph.
 */
final class JumpLevels {
  /** NFT_JUMP_STACK_SIZE: how deep jumps may nest below a base chain. */
  static final int JUMP_STACK = 16;

  private static final int EXPLORING = -2;

  private final Graph graph;
  private final boolean everything;
  private final Map<String, Integer> chains = new HashMap<>();
  private final Map<String, Integer> maps = new HashMap<>();
  private boolean broken;

  private JumpLevels(Graph graph, boolean everything) {
    this.graph = graph;
    this.everything = everything;
  }

  /** Gives the graph's changed chains and maps their levels (every one's when needed). */
  static void label(Graph graph) {
    JumpLevels changed = new JumpLevels(graph, false);
    graph.changedChains().forEach(chain -> changed.chain(chain, 0));
    graph.changedMaps().forEach(map -> changed.map(map, 0));
    if (!changed.broken) {
      changed.store();
      return;
    }
    JumpLevels all = new JumpLevels(graph, true);
    graph.chainNames().forEach(chain -> all.chain(chain, 0));
    graph.mapNames().forEach(map -> all.map(map, 0));
    all.store();
  }

  private void store() {
    chains.forEach(graph::chainLevel);
    maps.forEach(graph::mapLevel);
  }

  /** The level of {@code chain}, reached {@code depth} chains below where the labelling began. */
  private int chain(String chain, int depth) {
    Integer known = chains.get(chain);
    if (known != null) {
      return known == EXPLORING ? UNKNOWN_LEVEL : known;
    }
    ChainView view = graph.chain(chain);
    if (view == null) {
      return UNKNOWN_LEVEL;
    }
    int committed = everything ? UNKNOWN_LEVEL : view.committedLevel();
    if (committed != UNKNOWN_LEVEL && !view.changed()) {
      return committed;
    }
    if (depth > JUMP_STACK) {
      chains.put(chain, UNKNOWN_LEVEL);
      return UNKNOWN_LEVEL;
    }
    chains.put(chain, EXPLORING);
    NftChainReferences refs = view.references();
    int level = 0;
    for (String target : refs.chains()) {
      level = above(level, chain(target, depth + 1));
    }
    for (String set : refs.sets()) {
      if (graph.isVerdictMap(set)) {
        level = atLeast(level, map(set, depth));
      }
    }
    return settle(chains, chain, committed, level);
  }

  /** The level of verdict map {@code map}: above every chain its elements name. */
  private int map(String map, int depth) {
    Integer known = maps.get(map);
    if (known != null) {
      return known == EXPLORING ? UNKNOWN_LEVEL : known;
    }
    int committed = everything ? UNKNOWN_LEVEL : graph.committedMapLevel(map);
    if (committed != UNKNOWN_LEVEL && !graph.mapChanged(map)) {
      return committed;
    }
    maps.put(map, EXPLORING);
    int level = 0;
    for (String target : graph.verdictTargets(map)) {
      level = above(level, chain(target, depth + 1));
    }
    return settle(maps, map, committed, level);
  }

  /**
   * Records the level of a changed object: its committed one when {@code needed} fits under it, so
   * that what names it stays above it; else the invariant is broken.
   */
  private int settle(Map<String, Integer> levels, String name, int committed, int needed) {
    int level = needed;
    if (committed != UNKNOWN_LEVEL) {
      if (needed == UNKNOWN_LEVEL || needed > committed) {
        broken = true;
      }
      level = committed;
    }
    levels.put(name, level);
    return level;
  }

  /** {@code level} raised to one above {@code below}. */
  private static int above(int level, int below) {
    return below == UNKNOWN_LEVEL ? UNKNOWN_LEVEL : atLeast(level, below + 1);
  }

  /** {@code level} raised to {@code floor} (unknown when either is, or above the jump stack). */
  private static int atLeast(int level, int floor) {
    if (level == UNKNOWN_LEVEL || floor == UNKNOWN_LEVEL) {
      return UNKNOWN_LEVEL;
    }
    int raised = Math.max(level, floor);
    return raised > JUMP_STACK ? UNKNOWN_LEVEL : raised;
  }

  /** What the labelling reads of a table during a transaction, and where it writes the levels. */
  interface Graph {
    /**
     * The chains the transaction created, or whose rules it changed to name other objects or an
     * object it created.
     */
    List<String> changedChains();

    /** The verdict maps the transaction created or whose elements it changed. */
    List<String> changedMaps();

    /** Every chain, in creation order. */
    List<String> chainNames();

    /** Every verdict map, in creation order. */
    List<String> mapNames();

    /** What the labelling reads of the named chain, or null when there is none. */
    @Nullable ChainView chain(String chain);

    boolean isVerdictMap(String set);

    boolean mapChanged(String map);

    /** The map's level when the transaction began ({@code UNKNOWN_LEVEL} for a new one). */
    int committedMapLevel(String map);

    /** The chains the map's elements name. */
    List<String> verdictTargets(String map);

    void chainLevel(String chain, int level);

    void mapLevel(String map, int level);
  }

  /**
   * A chain as the labelling reads it, looked up once per chain.
   *
   * @param changed whether the transaction created the chain, or changed its rules to name other
   *     objects or an object it created (a chain refilled with rules that name the same committed
   *     objects keeps its level)
   * @param committedLevel the chain's level when the transaction began ({@code UNKNOWN_LEVEL} for a
   *     new one)
   * @param references what the chain's rules name now
   */
  record ChainView(boolean changed, int committedLevel, NftChainReferences references) {}
}
