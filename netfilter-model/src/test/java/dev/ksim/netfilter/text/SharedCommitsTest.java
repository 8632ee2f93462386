package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A second kernel restoring the input a first one restored, onto a table with the same chains,
 * takes the table the first committed ({@link SharedCommits}), and that is what its own restore of
 * the input's text would have given: random restores of the nat table (loops, jumps to missing
 * chains, NAT at hooks that refuse it, an ipset the second kernel may lack, chains deleted and
 * created again), handed to the second kernel as the first's runs or as equal ones, give the same
 * verdict, error, {@code iptables-save} text and carried-over counters as the text restored line by
 * line, which never takes a shared table.
 */
class SharedCommitsTest {
  private static final List<String> CHAINS = List.of("C0", "C1", "C2", "C3", "C4", "C5");

  private static final List<String> TARGETS =
      List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "C0", "C1", "C2", "C3", "C4", "C5");

  private static final RuleEnvironment WITH_SET =
      new RuleEnvironment(set -> set.equals("s1"), nfacct -> false, IpFamily.IPV4);

  private static final RuleEnvironment WITHOUT_SET =
      new RuleEnvironment(set -> false, nfacct -> false, IpFamily.IPV4);

  @Test
  void aSecondKernelTakesTheFirstsTableOnlyWhenItsOwnRestoreGivesTheSame() {
    int shared = 0;
    int refused = 0;
    for (int seed = 1; seed <= 4; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Ruleset first = empty();
      Ruleset second = empty();
      List<RestoreInput.Appends> runs = new ArrayList<>();
      RestoreInput.TableInput last = null;
      for (int step = 0; step < 300; step++) {
        switch (random.nextInt(8)) {
          case 0 -> {
            // tables of the same chains, built apart
            first = empty();
            second = empty();
          }
          case 1 ->
              // the same chains, without what a check found of them: not the same table
              second =
                  Ruleset.EMPTY.with(new TableState(Table.NAT, first.table(Table.NAT).chains()));
          case 2, 3 -> {
            // the second kernel's own table, which may have gone apart from the first's
          }
          default -> second = first;
        }
        // now and then the last input again, as a full sync that changes nothing writes it
        RestoreInput.TableInput input =
            last != null && random.nextInt(4) == 0 ? last : input(random, runs);
        boolean noflush = random.nextInt(5) != 0;
        Ruleset firstNext = outcome(WITH_SET, noflush, first, new RestoreInput(List.of(input)));
        RuleEnvironment environment = random.nextInt(4) == 0 ? WITHOUT_SET : WITH_SET;
        RestoreInput again = new RestoreInput(List.of(alike(random, input)));
        Ruleset secondNext =
            sameAsText(new IptablesRestoreParser("r", environment, noflush), second, again);
        last = input;
        if (secondNext != null && firstNext != null && sameTable(secondNext, firstNext)) {
          shared++;
        }
        if (secondNext == null) {
          refused++;
        }
        first = firstNext != null ? firstNext : first;
        second = secondNext != null ? secondNext : second;
      }
    }
    assertThat(shared).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
  }

  @Test
  void aFullSyncThatChangesNothingStillGivesATableOfItsOwn() {
    IptablesRestoreParser parser = new IptablesRestoreParser("r", WITH_SET, true);
    Ruleset ruleset = empty();
    RestoreInput input =
        new RestoreInput(
            List.of(
                table(
                    Table.NAT,
                    List.of("C0", "C1"),
                    List.of(),
                    new RestoreInput.Appends("C0", List.of("-j C1", "-d 10.0.0.9 -j RETURN")),
                    RestoreInput.Appends.of("C1", "-p tcp -j DNAT --to-destination 10.0.0.1"))));
    for (int sync = 0; sync < 4; sync++) {
      Ruleset next = sameAsText(parser, ruleset, input);
      assertThat(next).isNotNull();
      assertThat(sameTable(next, ruleset)).isFalse();
      ruleset = next;
    }
  }

  @Test
  void aTableTakenWholeCountsItsLinesBeforeTheNextTablesErrors() {
    RestoreInput.TableInput declare = table(Table.FILTER, List.of("F8", "F9"), List.of());
    RestoreInput.TableInput filter =
        table(
            Table.FILTER,
            List.of("F0", "F1"),
            List.of("F8", "F9"),
            new RestoreInput.Appends("F0", List.of("-j F1", "-d 10.0.0.9 -j RETURN")),
            RestoreInput.Appends.of("F1", "-j ACCEPT"));
    RestoreInput.Appends ret = RestoreInput.Appends.of("C0", "-j RETURN");
    RestoreInput good =
        new RestoreInput(List.of(filter, table(Table.NAT, List.of("C0"), List.of(), ret)));
    // line 13 appends to a chain no line declared
    RestoreInput bad =
        new RestoreInput(
            List.of(
                filter,
                table(
                    Table.NAT,
                    List.of("C0"),
                    List.of(),
                    ret,
                    RestoreInput.Appends.of("C7", "-j RETURN"))));
    IptablesRestoreParser parser = new IptablesRestoreParser("r", WITH_SET, true);
    List<Ruleset> kernels = new ArrayList<>();
    for (int kernel = 0; kernel < 3; kernel++) {
      kernels.add(
          Objects.requireNonNull(sameAsText(parser, empty(), new RestoreInput(List.of(declare)))));
    }
    Ruleset first = Objects.requireNonNull(sameAsText(parser, kernels.get(0), good));
    Ruleset second = Objects.requireNonNull(sameAsText(parser, kernels.get(1), good));
    assertThat(second.table(Table.FILTER)).isSameAs(first.table(Table.FILTER));

    assertThat(sameAsText(parser, kernels.get(2), bad)).isNull();
  }

  private static RestoreInput.TableInput table(
      Table table, List<String> chains, List<String> deletions, RestoreInput.Appends... runs) {
    return new RestoreInput.TableInput(table, chains, List.of(runs), deletions);
  }

  @SuppressWarnings("ReferenceEquality") // the very table the first kernel committed
  private static boolean sameTable(Ruleset a, Ruleset b) {
    return a.table(Table.NAT) == b.table(Table.NAT);
  }

  private static Ruleset empty() {
    return new IptablesRestoreParser("r", WITH_SET, true)
        .parse("*nat\n:C0 - [0:0]\n-A PREROUTING -j C0\nCOMMIT\n", Ruleset.EMPTY);
  }

  /** The restored ruleset, or null when the restore is refused. */
  private static @Nullable Ruleset outcome(
      RuleEnvironment environment, boolean noflush, Ruleset ruleset, RestoreInput input) {
    try {
      return new IptablesRestoreParser("r", environment, noflush).restore(input, ruleset);
    } catch (RulesParseException e) {
      return null;
    }
  }

  /**
   * {@code input} restored onto {@code ruleset}, checked against its text restored line by line:
   * the same error, or the same table with the same counters carried over; null when refused.
   */
  private static @Nullable Ruleset sameAsText(
      IptablesRestoreParser parser, Ruleset ruleset, RestoreInput input) {
    Ruleset restored;
    try {
      restored = parser.restore(input, ruleset);
    } catch (RulesParseException e) {
      assertThat(e.location().line() + ": " + e.getMessage())
          .isEqualTo(textError(parser, input, ruleset));
      return null;
    }
    Ruleset text = parser.parse(input.text(), ruleset);
    assertThat(IptablesSaveWriter.save(restored, null, null, false))
        .as(input.text())
        .isEqualTo(IptablesSaveWriter.save(text, null, null, false));
    assertThat(counters(ruleset, restored)).as(input.text()).isEqualTo(counters(ruleset, text));
    return restored;
  }

  private static String textError(IptablesRestoreParser parser, RestoreInput input, Ruleset from) {
    try {
      parser.parse(input.text(), from);
      return "accepted";
    } catch (RulesParseException e) {
      return e.location().line() + ": " + e.getMessage();
    }
  }

  /**
   * The counters of {@code after}'s rules when every rule of {@code before} counted a packet of as
   * many bytes as its place in the table, as {@code iptables-save -c} would list them.
   */
  @SuppressWarnings("ReferenceEquality") // Netfilter#setRuleset replaces only a new table
  private static List<String> counters(Ruleset before, Ruleset after) {
    RuleCounters counters = new RuleCounters();
    int bytes = 0;
    for (Chain chain : before.table(Table.NAT).chains().values()) {
      for (int i = 0; i < chain.rules().size(); i++) {
        counters.countRule(Table.NAT, chain, i, ++bytes);
      }
    }
    TableState next = after.table(Table.NAT);
    if (next != before.table(Table.NAT)) {
      // as a kernel takes a ruleset: a table it already holds keeps its counters
      counters.replaced(Table.NAT, next);
    }
    List<String> listed = new ArrayList<>();
    for (Chain chain : next.chains().values()) {
      for (int i = 0; i < chain.rules().size(); i++) {
        long[] counted = counters.rule(Table.NAT, chain, i);
        listed.add(chain.name() + " " + i + " [" + counted[0] + ":" + counted[1] + "]");
      }
    }
    return listed;
  }

  /** {@code input} as another kernel writes it: each run the same instance or an equal one. */
  private static RestoreInput.TableInput alike(
      SplittableRandom random, RestoreInput.TableInput input) {
    List<RestoreInput.Appends> runs = new ArrayList<>();
    for (RestoreInput.Appends run : input.rules()) {
      runs.add(random.nextBoolean() ? run : new RestoreInput.Appends(run.chain(), run.rules()));
    }
    return new RestoreInput.TableInput(
        input.table(), new ArrayList<>(input.chains()), runs, new ArrayList<>(input.deletions()));
  }

  /**
   * A restore of the nat table: a few chains declared, a few runs of rules (some of them runs
   * handed over before, in {@code known}), perhaps a chain deleted.
   */
  private static RestoreInput.TableInput input(
      SplittableRandom random, List<RestoreInput.Appends> known) {
    List<String> declared = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      String chain = CHAINS.get(random.nextInt(CHAINS.size()));
      if (!declared.contains(chain)) {
        declared.add(chain);
      }
    }
    List<RestoreInput.Appends> runs = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      if (!known.isEmpty() && random.nextBoolean()) {
        runs.add(known.get(random.nextInt(known.size())));
        continue;
      }
      List<String> rules = new ArrayList<>();
      for (int r = 1 + random.nextInt(3); r > 0; r--) {
        rules.add(rule(random));
      }
      RestoreInput.Appends run =
          new RestoreInput.Appends(TARGETS.get(random.nextInt(TARGETS.size())), rules);
      known.add(run);
      runs.add(run);
    }
    List<String> deleted =
        random.nextInt(5) == 0 ? List.of(CHAINS.get(random.nextInt(CHAINS.size()))) : List.of();
    return new RestoreInput.TableInput(Table.NAT, declared, runs, deleted);
  }

  private static String rule(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> "-p tcp -j DNAT --to-destination 10.0.0.1:80";
      case 1 -> "-j SNAT --to-source 10.0.0.2";
      case 2 -> "-m set --match-set s1 dst -j RETURN";
      case 3 -> "-m comment --comment \"a b\" -d 10.0.0.9 -j RETURN";
      default -> "-j " + CHAINS.get(random.nextInt(CHAINS.size()));
    };
  }
}
