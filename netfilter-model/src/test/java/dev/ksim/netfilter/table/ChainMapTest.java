package dev.ksim.netfilter.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.hook.HookVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainMapTest {
  private static Chain user(String name) {
    return new Chain(name, null, List.of());
  }

  private static Chain builtin(String name) {
    return new Chain(name, HookVerdict.ACCEPT, List.of());
  }

  @Test
  void aTableNotInCanonicalOrderIsCommittedWithItsBuiltInChainsFirstThenItsUserChainsByName() {
    // user chains first and out of order: the commit cannot merge into this order and sorts anew
    Map<String, Chain> chains = new LinkedHashMap<>();
    chains.put("MAP-B", user("MAP-B"));
    chains.put("OUTPUT", builtin("OUTPUT"));
    chains.put("MAP-A", user("MAP-A"));
    chains.put("INPUT", builtin("INPUT"));
    chains.put("FORWARD", builtin("FORWARD"));
    TableState before = new TableState(Table.FILTER, chains);

    Chain c = user("MAP-C");
    TableState after =
        before.committed(
            before.graph().derive(List.of("MAP-B"), List.of(c)),
            List.of("MAP-B"),
            List.of(c),
            List.of(c));

    assertThat(after.chains().keySet())
        .containsExactly("INPUT", "FORWARD", "OUTPUT", "MAP-A", "MAP-C");
    assertThat(after.chains().get("INPUT")).isSameAs(chains.get("INPUT"));
    assertThat(after.chains().get("MAP-B")).isNull();
  }

  @Test
  void aCommitInCanonicalOrderPutsCreatedChainsByNameAndLeavesDeletedOnesOut() {
    TableState before =
        TableState.of(Table.FILTER, Map.of("MAP-A", user("MAP-A"), "MAP-D", user("MAP-D")));

    Chain b = user("MAP-B");
    Chain e = user("MAP-E");
    TableState after =
        before.committed(
            before.graph().derive(List.of("MAP-D"), List.of(e, b)),
            List.of("MAP-D"),
            List.of(e, b),
            List.of(e, b));

    assertThat(after.chains().keySet())
        .containsExactly("INPUT", "FORWARD", "OUTPUT", "MAP-A", "MAP-B", "MAP-E");
    assertThat(after.chains().values())
        .extracting(Chain::name)
        .containsExactly("INPUT", "FORWARD", "OUTPUT", "MAP-A", "MAP-B", "MAP-E");
  }
}
