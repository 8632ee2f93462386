package dev.ksim.netfilter.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Accept;
import dev.ksim.netfilter.target.Goto;
import dev.ksim.netfilter.target.Jump;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChainGraphTest {
  private static Chain jumping(String name, String... targets) {
    List<Rule> rules =
        Arrays.stream(targets).map(t -> new Rule(List.of(), new Jump(t), "-j " + t)).toList();
    return new Chain(name, null, rules);
  }

  @Test
  void aDerivedGraphPlacesTheChangedChainsAndDropsTheDeletedOnes() {
    Chain input = new Chain("INPUT", HookVerdict.ACCEPT, List.of());
    Chain a = jumping("GRAPH-A", "GRAPH-B", "GRAPH-B");
    Chain b = jumping("GRAPH-B");
    ChainGraph base =
        new TableState(Table.FILTER, Map.of("INPUT", input, "GRAPH-A", a, "GRAPH-B", b)).graph();

    Chain c = jumping("GRAPH-C", "GRAPH-A");
    ChainGraph derived = base.derive(List.of("GRAPH-B"), List.of(c));

    int slotA = base.chain("GRAPH-A");
    assertThat(base.jumps(slotA)).containsExactly(base.chain("GRAPH-B"));
    assertThat(derived.chain("GRAPH-A")).isEqualTo(slotA);
    assertThat(derived.chain("GRAPH-B")).isEqualTo(-1);
    assertThat(derived.jumps(derived.chain("GRAPH-C"))).containsExactly(slotA);
    assertThat(base.chain("GRAPH-C")).isEqualTo(-1);
    assertThat(derived.chain("NEVER-SEEN")).isEqualTo(-1);
  }

  /**
   * A chain's jumps are numbered rule by rule; they are the numbers of the distinct names its rules
   * jump or go to, in the order first referenced, as numbering the set of those names gives them:
   * for chains of a few jumps (looked for in a list), of many (kept in a set) and without any.
   */
  @Test
  void jumpsAreTheDistinctTargetsInTheOrderFirstReferenced() {
    SplittableRandom random = new SplittableRandom(16);
    for (int round = 0; round < 300; round++) {
      int names = 1 + random.nextInt(round < 150 ? 6 : 80);
      List<Rule> rules = new ArrayList<>();
      Set<String> referenced = new LinkedHashSet<>();
      for (int i = random.nextInt(120); i > 0; i--) {
        if (random.nextInt(5) == 0) {
          rules.add(new Rule(List.of(), new Accept(), "-j ACCEPT"));
        } else {
          String target = "JUMPS-" + random.nextInt(names);
          referenced.add(target);
          rules.add(
              random.nextInt(2) == 0
                  ? new Rule(List.of(), new Jump(target), "-j " + target)
                  : new Rule(List.of(), new Goto(target), "-g " + target));
        }
      }

      int[] expected = referenced.stream().mapToInt(ChainIds::of).toArray();

      assertThat(new Chain("JUMPS", null, rules).jumps()).containsExactly(expected);
    }
  }
}
