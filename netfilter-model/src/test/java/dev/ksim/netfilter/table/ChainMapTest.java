package dev.ksim.netfilter.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.hook.Hook;
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

  private static TableState commit(TableState before, List<String> deleted, List<Chain> changed) {
    return before.committed(before.graph().derive(deleted, changed), deleted, changed, changed);
  }

  @Test
  void aCommitThatWritesMostOfTheTableAnewListsItsChainsInCanonicalOrderOnFirstUse() {
    List<Chain> created =
        List.of(user("MAP-E"), user("MAP-B"), user("MAP-D"), user("MAP-A"), user("MAP-C"));
    TableState first = commit(TableState.empty(Table.FILTER), List.of(), created);

    assertThat(first.chains()).hasSize(8);
    assertThat(first.chains().get("MAP-D")).isSameAs(created.get(2));
    assertThat(first.chains().keySet())
        .containsExactly("INPUT", "FORWARD", "OUTPUT", "MAP-A", "MAP-B", "MAP-C", "MAP-D", "MAP-E");

    // a partial commit onto a table whose order was never listed, then onto one listed
    Chain f = user("MAP-F");
    TableState unlisted =
        commit(
            commit(TableState.empty(Table.FILTER), List.of(), created),
            List.of("MAP-B"),
            List.of(f));
    TableState listed = commit(first, List.of("MAP-B"), List.of(f));
    List<String> expected =
        List.of("INPUT", "FORWARD", "OUTPUT", "MAP-A", "MAP-C", "MAP-D", "MAP-E", "MAP-F");
    assertThat(unlisted.chains()).hasSize(8);
    assertThat(listed.chains()).hasSize(8);
    assertThat(unlisted.chains().values())
        .extracting(Chain::name)
        .containsExactlyElementsOf(expected);
    assertThat(listed.chains().keySet()).containsExactlyElementsOf(expected);
    assertThat(unlisted).isEqualTo(listed);
  }

  @Test
  void tablesOfTheSameChainInstancesAreTheSameWhetherTheirOrderWasListedOrNot() {
    List<Chain> created = List.of(user("MAP-B"), user("MAP-A"), user("MAP-C"), user("MAP-D"));
    TableState base = TableState.empty(Table.FILTER);
    TableState one = commit(base, List.of(), created);
    TableState other = commit(base, List.of(), created);
    assertThat(one.sameAs(other)).isTrue();

    assertThat(one.chains().keySet()).hasSize(7);
    assertThat(one.sameAs(other)).isTrue();
    assertThat(other.sameAs(one)).isTrue();

    TableState equalChains =
        commit(
            base, List.of(), List.of(user("MAP-B"), user("MAP-A"), user("MAP-C"), user("MAP-D")));
    assertThat(one.sameAs(equalChains)).isFalse();
    assertThat(one).isEqualTo(equalChains);
  }

  @Test
  void aBuiltInChainFoundByItsHooksNumberIsTheOneFoundByNameAlsoAfterACommitReplacesIt() {
    TableState before = commit(TableState.empty(Table.NAT), List.of(), List.of(user("MAP-A")));
    Chain dropping = new Chain("OUTPUT", HookVerdict.DROP, List.of());
    TableState after = commit(before, List.of(), List.of(dropping));

    for (TableState table : List.of(TableState.empty(Table.FILTER), before, after)) {
      for (Hook hook : Hook.values()) {
        assertThat(table.builtin(hook))
            .as("%s %s", table.table(), hook)
            .isSameAs(table.chains().get(hook.name()));
      }
    }
    assertThat(after.builtin(Hook.OUTPUT)).isSameAs(dropping);
    assertThat(TableState.empty(Table.FILTER).builtin(Hook.PREROUTING)).isNull();
  }
}
