package dev.ksim.netfilter.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.Jump;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
}
