package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A restore handed over as {@link RestoreInput} does what its text does through {@link
 * IptablesRestoreParser#parse}: the same ruleset, or the same error at the same line.
 */
class RestoreInputTest {
  private static final RuleEnvironment ENVIRONMENT =
      new RuleEnvironment(
          set -> false, nfacct -> nfacct.equals("ct_state_invalid_dropped_pkts"), IpFamily.IPV4);

  private static final Ruleset BEFORE =
      new IptablesRestoreParser("before", ENVIRONMENT, false)
          .parse(
              """
              *nat
              :KUBE-SERVICES - [0:0]
              :KUBE-SVC-OLD - [0:0]
              :KUBE-SEP-OLD - [0:0]
              -A PREROUTING -j KUBE-SERVICES
              -A KUBE-SERVICES -d 10.96.0.9/32 -p tcp --dport 80 -j KUBE-SVC-OLD
              -A KUBE-SVC-OLD -j KUBE-SEP-OLD
              -A KUBE-SEP-OLD -p tcp -j DNAT --to-destination 10.244.1.9:80
              COMMIT
              """,
              Ruleset.EMPTY);

  private static RestoreInput.TableInput nat(
      List<String> chains, List<RestoreInput.Appends> rules, List<String> deletions) {
    return new RestoreInput.TableInput(Table.NAT, chains, rules, deletions);
  }

  private static RestoreInput.Appends rule(String chain, String rule) {
    return RestoreInput.Appends.of(chain, rule);
  }

  /** The ruleset as iptables-save prints it, or the error with its line. */
  private static String outcome(Supplier<Ruleset> restore) {
    try {
      return IptablesSaveWriter.save(restore.get(), null, null, false);
    } catch (RulesParseException e) {
      return "line " + e.location().line() + ": " + e.getMessage();
    }
  }

  private static String restoredAsInput(RestoreInput input) {
    return restoredAsInput(input, ENVIRONMENT);
  }

  private static String restoredAsInput(RestoreInput input, RuleEnvironment environment) {
    IptablesRestoreParser parser = new IptablesRestoreParser("kube-proxy", environment, true);
    return outcome(() -> parser.restore(input, BEFORE));
  }

  private static String restoredAsText(RestoreInput input) {
    return restoredAsText(input, ENVIRONMENT);
  }

  private static String restoredAsText(RestoreInput input, RuleEnvironment environment) {
    IptablesRestoreParser parser = new IptablesRestoreParser("kube-proxy", environment, true);
    return outcome(() -> parser.parse(input.text(), BEFORE));
  }

  private static Ruleset restore(RestoreInput input) {
    return new IptablesRestoreParser("kube-proxy", ENVIRONMENT, true).restore(input, BEFORE);
  }

  private static void assertSameAsText(RestoreInput input) {
    // twice: the second time the rule texts come from the rule cache
    assertThat(restoredAsInput(input)).isEqualTo(restoredAsText(input));
    assertThat(restoredAsInput(input)).isEqualTo(restoredAsText(input));
  }

  @Test
  void aPartialSyncReplacesWhatItDeclaresAndDeletesWhatItNames() {
    RestoreInput input =
        new RestoreInput(
            List.of(
                new RestoreInput.TableInput(
                    Table.FILTER,
                    List.of("KUBE-FORWARD"),
                    List.of(
                        rule(
                            "KUBE-FORWARD",
                            "-m conntrack --ctstate INVALID -m nfacct --nfacct-name"
                                + " ct_state_invalid_dropped_pkts -j DROP")),
                    List.of()),
                nat(
                    List.of(
                        "KUBE-SERVICES",
                        "KUBE-SVC-NEW",
                        "KUBE-SEP-NEW",
                        "KUBE-SVC-OLD",
                        "KUBE-SEP-OLD"),
                    List.of(
                        rule(
                            "KUBE-SERVICES",
                            "-m comment --comment \"default/web cluster IP\" -m tcp -p tcp -d"
                                + " 10.96.0.10 --dport 80 -j KUBE-SVC-NEW"),
                        rule("KUBE-SVC-NEW", "-m comment --comment default/web -j KUBE-SEP-NEW"),
                        rule(
                            "KUBE-SEP-NEW",
                            "-m comment --comment default/web -m tcp -p tcp -j DNAT"
                                + " --to-destination 10.244.1.10:80")),
                    List.of("KUBE-SVC-OLD", "KUBE-SEP-OLD"))));

    assertSameAsText(input);
    assertThat(restoredAsInput(input))
        .contains("-A KUBE-SEP-NEW -p tcp -m comment --comment \"default/web\" -m tcp -j DNAT")
        .doesNotContain("KUBE-SVC-OLD");
  }

  @Test
  void aJumpToAChainNeverDeclaredFailsOnItsLine() {
    RestoreInput input =
        new RestoreInput(
            List.of(
                nat(
                    List.of("KUBE-SERVICES"),
                    List.of(
                        rule("KUBE-SERVICES", "-d 10.96.0.10/32 -j RETURN"),
                        rule("KUBE-SVC-MISSING", "-j RETURN")),
                    List.of())));

    assertSameAsText(input);
    assertThat(restoredAsInput(input)).startsWith("line 4: ").contains("KUBE-SVC-MISSING");
  }

  @Test
  void aRuleIptablesCannotParseFailsOnItsLine() {
    RestoreInput input =
        new RestoreInput(
            List.of(
                nat(
                    List.of("KUBE-SERVICES"),
                    List.of(rule("KUBE-SERVICES", "-m comment --comment two words -j RETURN")),
                    List.of())));

    assertSameAsText(input);
    assertThat(restoredAsInput(input)).startsWith("line 3: ").contains("Bad argument `words'");
  }

  @Test
  void deletingAChainStillJumpedToIsRefusedAtCommit() {
    RestoreInput input =
        new RestoreInput(List.of(nat(List.of("KUBE-SEP-OLD"), List.of(), List.of("KUBE-SEP-OLD"))));

    assertSameAsText(input);
    assertThat(restoredAsInput(input)).startsWith("line ").contains("KUBE-SEP-OLD");
  }

  @Test
  void aLoopIsRefusedAtCommit() {
    RestoreInput input =
        new RestoreInput(
            List.of(
                nat(
                    List.of("KUBE-SEP-OLD"),
                    List.of(rule("KUBE-SEP-OLD", "-j KUBE-SVC-OLD")),
                    List.of())));

    assertSameAsText(input);
    assertThat(restoredAsInput(input)).contains("loop in chains");
  }

  @Test
  void aChainNameWithABlankIsReadAsTheTextReadsIt() {
    RestoreInput input = new RestoreInput(List.of(nat(List.of("KUBE-A B"), List.of(), List.of())));

    assertSameAsText(input);
    assertThat(restoredAsInput(input)).contains(":KUBE-A - [0:0]");
  }

  /**
   * A run's chain is the run's own, not interned; a chain written again as it was by another run (a
   * Service port written anew, its endpoint chains unchanged) keeps the instance the table has, and
   * the next restore of the same lines onto either table commits the same table.
   */
  @Test
  void aChainWrittenAgainAsItWasByAnotherRunKeepsItsInstance() {
    List<String> lines =
        List.of(
            "-s 10.244.1.9/32 -j MARK --or-mark 0x4000",
            "-p tcp -j DNAT --to-destination 10.244.1.9:80");
    IptablesRestoreParser parser = new IptablesRestoreParser("kube-proxy", ENVIRONMENT, true);
    Ruleset first =
        parser.restore(
            new RestoreInput(
                List.of(
                    nat(
                        List.of("KUBE-SEP-OLD"),
                        List.of(new RestoreInput.Appends("KUBE-SEP-OLD", lines)),
                        List.of()))),
            BEFORE);
    Chain written = first.table(Table.NAT).chains().get("KUBE-SEP-OLD");

    RestoreInput.Appends same = new RestoreInput.Appends("KUBE-SEP-OLD", lines);
    Ruleset again =
        parser.restore(
            new RestoreInput(List.of(nat(List.of("KUBE-SEP-OLD"), List.of(same), List.of()))),
            first);
    RestoreInput.Appends other =
        new RestoreInput.Appends("KUBE-SEP-OLD", List.of(lines.get(0), lines.get(0)));
    Ruleset changed =
        parser.restore(
            new RestoreInput(List.of(nat(List.of("KUBE-SEP-OLD"), List.of(other), List.of()))),
            first);

    assertThat(again.table(Table.NAT).chains().get("KUBE-SEP-OLD")).isSameAs(written);
    assertThat(again.table(Table.NAT).sameAs(first.table(Table.NAT))).isTrue();
    assertThat(again).isEqualTo(first);
    assertThat(changed.table(Table.NAT).chains().get("KUBE-SEP-OLD").rules()).hasSize(2);
    assertThat(changed.table(Table.NAT).sameAs(first.table(Table.NAT))).isFalse();
  }

  @Test
  void aRunReadBeforeIsTheSameSharedChainAndItsRulesAreCopiedIntoAChainHoldingRules() {
    RestoreInput.Appends endpoint =
        new RestoreInput.Appends(
            "KUBE-SEP-NEW",
            List.of(
                "-s 10.244.1.10/32 -j MARK --or-mark 0x4000",
                "-p tcp -j DNAT --to-destination 10.244.1.10:80"));
    RestoreInput once =
        new RestoreInput(List.of(nat(List.of("KUBE-SEP-NEW"), List.of(endpoint), List.of())));
    RestoreInput twice =
        new RestoreInput(
            List.of(nat(List.of("KUBE-SEP-NEW"), List.of(endpoint, endpoint), List.of())));

    assertSameAsText(once);
    assertSameAsText(twice);
    Chain first = restore(once).table(Table.NAT).chains().get("KUBE-SEP-NEW");
    Chain again = restore(once).table(Table.NAT).chains().get("KUBE-SEP-NEW");
    assertThat(again).isSameAs(first);
    List<Rule> doubled = restore(twice).table(Table.NAT).chains().get("KUBE-SEP-NEW").rules();
    assertThat(doubled).hasSize(4);
    Set<Rule> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(doubled);
    assertThat(distinct).hasSize(4);
  }

  @Test
  void aRunReadInNatIsReadAgainInFilterAndRefusedOnItsLine() {
    RestoreInput.Appends dnat =
        new RestoreInput.Appends(
            "KUBE-SEP-NEW", List.of("-j RETURN", "-p tcp -j DNAT --to-destination 10.244.1.10:80"));
    restore(new RestoreInput(List.of(nat(List.of("KUBE-SEP-NEW"), List.of(dnat), List.of()))));
    RestoreInput inFilter =
        new RestoreInput(
            List.of(
                new RestoreInput.TableInput(
                    Table.FILTER, List.of("KUBE-SEP-NEW"), List.of(dnat), List.of())));

    assertSameAsText(inFilter);
    assertThat(restoredAsInput(inFilter)).startsWith("line 4: ").contains("Invalid argument");
  }

  @Test
  void aRunReadBeforeIntoAChainNoLongerThereFailsOnItsFirstLine() {
    RestoreInput.Appends run = new RestoreInput.Appends("KUBE-SVC-NEW", List.of("-j RETURN"));
    restore(new RestoreInput(List.of(nat(List.of("KUBE-SVC-NEW"), List.of(run), List.of()))));
    RestoreInput undeclared =
        new RestoreInput(
            List.of(
                nat(
                    List.of("KUBE-SERVICES"),
                    List.of(rule("KUBE-SERVICES", "-j RETURN"), run),
                    List.of())));

    assertSameAsText(undeclared);
    assertThat(restoredAsInput(undeclared)).startsWith("line 4: ").contains("KUBE-SVC-NEW");
  }

  @Test
  void aRunReadBeforeWhoseNfacctObjectIsGoneFailsOnItsLine() {
    RestoreInput.Appends run =
        new RestoreInput.Appends(
            "KUBE-SERVICES",
            List.of("-j RETURN", "-m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP"));
    RestoreInput input =
        new RestoreInput(List.of(nat(List.of("KUBE-SERVICES"), List.of(run), List.of())));
    RuleEnvironment withoutNfacct =
        new RuleEnvironment(set -> false, nfacct -> false, IpFamily.IPV4);

    assertSameAsText(input);
    assertThat(restoredAsInput(input, withoutNfacct))
        .isEqualTo(restoredAsText(input, withoutNfacct))
        .startsWith("line 4: ");
  }

  /**
   * Runs read line by line for the first time, each line split and parsed without being written
   * out: random runs of hostile words (quotes, escapes, tabs, words of 1,024 characters, unknown
   * options, targets NAT allows nowhere else) into chains declared, missing, built-in or of a name
   * too long, restored as input and as text, give the same ruleset or the same error.
   */
  @Test
  void freshRunsOfAnyWordsAreReadAsTheirText() {
    List<String> words =
        List.of(
            "-j RETURN",
            "-j KUBE-SVC-OLD",
            "-m comment --comment \"a \\\"b\\\" c\"",
            "-m comment --comment \"open",
            "-d 10.96.0.1/32\t-p tcp",
            "-p tcp -j DNAT --to-destination 10.244.1.9:80",
            "-m statistic --mode random --probability 0.5",
            "--bogus",
            "x" + "y".repeat(1023),
            "-s 10.0.0.300",
            "");
    List<String> chains =
        List.of("KUBE-SERVICES", "KUBE-SVC-OLD", "PREROUTING", "KUBE-MISSING", "K".repeat(1024));
    SplittableRandom random = new SplittableRandom(16);
    for (int restore = 0; restore < 300; restore++) {
      List<RestoreInput.Appends> runs = new ArrayList<>();
      for (int r = random.nextInt(3); r >= 0; r--) {
        List<String> lines = new ArrayList<>();
        for (int l = random.nextInt(3); l >= 0; l--) {
          StringBuilder line = new StringBuilder();
          for (int w = 1 + random.nextInt(2); w > 0; w--) {
            line.append(line.length() == 0 ? "" : " ")
                .append(words.get(random.nextInt(words.size())));
          }
          lines.add(line.toString().strip());
        }
        runs.add(new RestoreInput.Appends(chains.get(random.nextInt(chains.size())), lines));
      }
      RestoreInput input =
          new RestoreInput(List.of(nat(List.of("KUBE-SERVICES"), runs, List.of())));
      assertThat(restoredAsInput(input)).as(input.text()).isEqualTo(restoredAsText(input));
    }
  }

  /** A rule built by its writer as {@code RuleBuilder} builds {@code -j TARGET}. */
  private static Rule jump(String target) {
    Rule rule = new RuleBuilder(IpFamily.IPV4).jump(target);
    assertThat(rule).isNotNull();
    return rule;
  }

  private static RestoreInput sep(RestoreInput.Appends run) {
    return new RestoreInput(List.of(nat(List.of("KUBE-SEP-NEW"), List.of(run), List.of())));
  }

  /**
   * The rule a writer built for a line is what the restore takes for it, not the line read back
   * (here, a rule that is not the line's, which only shows which one was taken: a writer must build
   * the line's own rule); a line without one is read.
   */
  @Test
  void aLineBuiltByItsWriterIsTakenAsBuilt() {
    RestoreInput.Appends run =
        new RestoreInput.Appends(
            "KUBE-SEP-NEW",
            List.of("-j DROP", "-j RETURN"),
            IpFamily.IPV4,
            Arrays.asList(jump("ACCEPT"), null));

    assertThat(restore(sep(run)).table(Table.NAT).chain("KUBE-SEP-NEW").orElseThrow().rules())
        .extracting(Rule::text)
        .containsExactly("-j ACCEPT", "-j RETURN");
  }

  /**
   * Built rules are taken only in their family and for a line no longer than the restore reads
   * straight, and are checked as read ones are: a NAT target in filter fails on its line.
   */
  @Test
  void builtRulesAreTakenOnlyWhereTheLinesWouldBeReadStraightAndCheckedAsTheyAre() {
    RestoreInput.Appends otherFamily =
        new RestoreInput.Appends(
            "KUBE-SEP-NEW", List.of("-j DROP"), IpFamily.IPV6, List.of(jump("ACCEPT")));
    assertThat(
            restore(sep(otherFamily)).table(Table.NAT).chain("KUBE-SEP-NEW").orElseThrow().rules())
        .extracting(Rule::text)
        .containsExactly("-j DROP");

    String longComment = "x".repeat(1100);
    RestoreInput.Appends tooLong =
        new RestoreInput.Appends(
            "KUBE-SEP-NEW",
            List.of("-m comment --comment " + longComment + " -j DROP"),
            IpFamily.IPV4,
            List.of(jump("DROP")));
    assertSameAsText(sep(tooLong));
    assertThat(restoredAsInput(sep(tooLong))).contains("Parameter too long");

    RuleBuilder dnat = new RuleBuilder(IpFamily.IPV4);
    dnat.protocol("tcp");
    Rule built = dnat.dnat("10.244.1.10:80");
    String line = "-p tcp -j DNAT --to-destination 10.244.1.10:80";
    RestoreInput inFilter =
        new RestoreInput(
            List.of(
                new RestoreInput.TableInput(
                    Table.FILTER,
                    List.of("KUBE-SEP-NEW"),
                    List.of(
                        new RestoreInput.Appends(
                            "KUBE-SEP-NEW",
                            List.of(line),
                            IpFamily.IPV4,
                            Collections.singletonList(built))),
                    List.of())));
    assertSameAsText(inFilter);
    assertThat(restoredAsInput(inFilter)).startsWith("line 3: ").contains("Invalid argument");
  }
}
