package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.netfilter.nft.NftChain;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The jump levels that let a transaction skip the walk over every chain: a transaction passes or
 * fails the kernel's jump check exactly as a walk from the base chains over the whole graph
 * decides, however the levels of earlier transactions were left.
 */
class JumpLevelsTest {
  private static final NftRuleset BASE =
      NftScriptParser.apply(
          NftRuleset.EMPTY,
          "base.nft",
          "add table ip t\nadd chain ip t in { type filter hook input priority 0 ; }\n"
              + "add map ip t m { type ipv4_addr : verdict ; }\n"
              + "add rule ip t in ip daddr vmap @m\n");

  /** The map goes to chain b, which jumps to c. */
  private static final NftRuleset B_JUMPS_TO_C =
      NftScriptParser.apply(
          BASE,
          "one.nft",
          "add chain ip t b\nadd chain ip t c\nadd rule ip t b jump c\n"
              + "add element ip t m { 10.0.0.1 : goto b }\n");

  private static NftTable table(NftRuleset ruleset) {
    return ruleset.table(NftFamily.IP, "t").orElseThrow();
  }

  @Test
  void aChainThatNeedsMoreThanItsLevelRelabelsTheTable() {
    NftRuleset committed =
        NftScriptParser.apply(
            BASE, "one.nft", "add chain ip t b\nadd element ip t m { 10.0.0.1 : goto b }\n");
    assertThat(table(committed).chains().get("b").jumpLevel()).isZero();
    assertThat(table(committed).chains().get("in").jumpLevel()).isEqualTo(1);

    NftRuleset after =
        NftScriptParser.apply(committed, "two.nft", "add chain ip t c\nadd rule ip t b jump c\n");

    NftTable table = table(after);
    assertThat(table.chains().get("c").jumpLevel()).isZero();
    assertThat(table.chains().get("b").jumpLevel()).isEqualTo(1);
    assertThat(table.sets().get("m").jumpLevel()).isEqualTo(2);
    assertThat(table.chains().get("in").jumpLevel()).isEqualTo(2);
  }

  @Test
  void aLoopThroughAVerdictMapClosedLaterIsRefused() {
    NftRuleset committed = B_JUMPS_TO_C;

    assertThatThrownBy(
            () -> NftScriptParser.apply(committed, "two.nft", "add rule ip t c ip daddr vmap @m\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Too many links");
  }

  @Test
  void aChainFlushedAndRefilledKeepsItsLevel() {
    NftRuleset committed = B_JUMPS_TO_C;
    NftRuleset flushed = NftScriptParser.apply(committed, "two.nft", "flush chain ip t b\n");
    NftRuleset refilled = NftScriptParser.apply(flushed, "three.nft", "add rule ip t b jump c\n");

    assertThat(table(flushed).chains().get("b").jumpLevel()).isEqualTo(1);
    assertThat(table(refilled).chains().get("in")).isSameAs(table(committed).chains().get("in"));
  }

  @Test
  void aChainRefilledWithTheSameJumpsKeepsItsLevelAndAChangedOneBelowItIsStillChecked() {
    NftRuleset rewritten =
        NftScriptParser.apply(
            B_JUMPS_TO_C,
            "two.nft",
            "flush chain ip t b\nadd rule ip t b jump c\nflush chain ip t c\n");
    assertThat(table(rewritten).chains().get("b").jumpLevel()).isEqualTo(1);
    assertThat(table(rewritten).chains().get("in").jumpLevel()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    B_JUMPS_TO_C,
                    "two.nft",
                    "flush chain ip t b\nadd rule ip t b jump c\nadd rule ip t c jump b\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Too many links");
  }

  @Test
  void aChainRefilledWithAJumpToAChainCreatedAgainIsChecked() {
    assertThatThrownBy(
            () ->
                NftScriptParser.apply(
                    B_JUMPS_TO_C,
                    "two.nft",
                    "flush chain ip t b\ndelete chain ip t c\nadd chain ip t c\n"
                        + "add rule ip t b jump c\nadd rule ip t c jump b\n"))
        .isInstanceOf(NftParseException.class)
        .hasMessage("Could not process rule: Too many links");
  }

  /**
   * Random transactions over a few chains, a verdict map and a ladder of 17 chains: each one is
   * accepted exactly when a walk over the whole graph it leaves finds no loop and nothing deeper
   * than the jump stack below the base chain.
   */
  @Test
  void randomTransactionsPassExactlyWhenTheWholeGraphDoes() {
    SplittableRandom random = new SplittableRandom(16);
    StringBuilder setup = new StringBuilder();
    Graph graph = new Graph();
    for (int i = 0; i < 6; i++) {
      setup.append("add chain ip t c").append(i).append('\n');
      graph.edges.put("c" + i, new ArrayList<>());
    }
    for (int i = 0; i < 17; i++) {
      setup.append("add chain ip t l").append(i).append('\n');
      graph.edges.put("l" + i, new ArrayList<>());
    }
    for (int i = 0; i < 16; i++) {
      setup.append("add rule ip t l").append(i).append(" jump l").append(i + 1).append('\n');
      graph.edges.get("l" + i).add("l" + (i + 1));
    }
    NftRuleset ruleset = NftScriptParser.apply(BASE, "setup.nft", setup.toString());
    int accepted = 0;
    int refused = 0;
    for (int step = 0; step < 400; step++) {
      Graph next = graph.copy();
      StringBuilder tx = new StringBuilder();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        randomCommand(random, next, tx);
      }
      boolean passes = next.passes();
      try {
        ruleset = NftScriptParser.apply(ruleset, "step" + step + ".nft", tx.toString());
        assertThat(passes).as("accepted:\n%s", tx).isTrue();
        graph = next;
        accepted++;
      } catch (NftParseException e) {
        assertThat(e).as("refused:\n%s", tx).hasMessage("Could not process rule: Too many links");
        assertThat(passes).as("refused:\n%s", tx).isFalse();
        refused++;
      }
    }
    assertThat(accepted).isGreaterThan(100);
    assertThat(refused).isGreaterThan(20);
    assertThat(table(ruleset).chains().get("in").jumpLevel())
        .as("the base chain keeps a level, so the next transaction needs no walk")
        .isNotEqualTo(NftChain.UNKNOWN_LEVEL);
  }

  private static void randomCommand(SplittableRandom random, Graph graph, StringBuilder tx) {
    String chain = randomChain(random);
    switch (random.nextInt(6)) {
      case 0, 1 -> {
        String target = randomChain(random);
        tx.append("add rule ip t ").append(chain).append(" jump ").append(target).append('\n');
        graph.edges.get(chain).add(target);
      }
      case 2 -> {
        tx.append("flush chain ip t ").append(chain).append('\n');
        graph.edges.get(chain).clear();
      }
      case 5 -> {
        // rewritten with the same jumps, as a full sync rewrites every chain
        tx.append("flush chain ip t ").append(chain).append('\n');
        for (String target : graph.edges.get(chain)) {
          tx.append("add rule ip t ").append(chain);
          tx.append(target.equals("@m") ? " ip daddr vmap @m" : " jump " + target).append('\n');
        }
      }
      case 3 -> {
        int key = random.nextInt(4);
        tx.append("add element ip t m { 10.0.0.")
            .append(key)
            .append(" : goto ")
            .append(chain)
            .append(" }\n");
        graph.map.put(key, chain);
      }
      default -> {
        tx.append("add rule ip t ").append(chain).append(" ip daddr vmap @m\n");
        graph.edges.get(chain).add("@m");
      }
    }
  }

  private static String randomChain(SplittableRandom random) {
    int pick = random.nextInt(8);
    return pick < 6 ? "c" + pick : "l" + (pick == 6 ? 0 : 16);
  }

  /** The jumps as the test expects them: chain to targets ({@code @m} for the map). */
  private static final class Graph {
    final Map<String, List<String>> edges = new TreeMap<>();
    final Map<Integer, String> map = new TreeMap<>();

    Graph copy() {
      Graph copy = new Graph();
      edges.forEach((chain, targets) -> copy.edges.put(chain, new ArrayList<>(targets)));
      copy.map.putAll(map);
      return copy;
    }

    /** Whether the base chain reaches no loop and nothing deeper than 16 jumps. */
    boolean passes() {
      return depthBelow("@m", 0, new HashSet<>(), new HashMap<>()) >= 0;
    }

    /** How deep jumps go below {@code node} reached at {@code depth}, or -1 when it fails. */
    private int depthBelow(String node, int depth, Set<String> path, Map<String, Integer> known) {
      Integer memo = known.get(node);
      if (memo != null && depth + memo <= 16) {
        return memo;
      }
      if (depth > 16 || !path.add(node)) {
        return -1;
      }
      Set<String> targets =
          node.equals("@m") ? new TreeSet<>(map.values()) : new TreeSet<>(edges.get(node));
      int height = 0;
      for (String target : targets) {
        int below = depthBelow(target, depth + (target.equals("@m") ? 0 : 1), path, known);
        if (below < 0) {
          return -1;
        }
        height = Math.max(height, below + (target.equals("@m") ? 0 : 1));
      }
      path.remove(node);
      known.put(node, height);
      return height;
    }
  }
}
