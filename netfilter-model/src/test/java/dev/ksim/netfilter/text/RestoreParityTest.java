package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What iptables-nft-restore 1.8.9 accepts and refuses where ksim used to differ. Each case was
 * loaded with Debian 12's {@code iptables-nft-restore} (iptables 1.8.9-2) in a throwaway network
 * namespace on this project's machine; the comment above each test gives the real answer.
 */
class RestoreParityTest {
  private static Ruleset parse(String text) {
    return parse(text, Ruleset.EMPTY, false);
  }

  private static Ruleset parse(String text, Ruleset current, boolean noflush) {
    return new IptablesRestoreParser("r.rules", RuleEnvironment.PERMISSIVE, noflush)
        .parse(text, current);
  }

  private static String rules(Ruleset ruleset) {
    return IptablesSaveWriter.save(ruleset, null, null, false);
  }

  private static int line(Throwable e) {
    return ((RulesParseException) e).location().line();
  }

  /** rc=0; a later {@code :INPUT - [0:0]} with --noflush leaves DROP, without it ACCEPT. */
  @Test
  void aDashPolicyOnABuiltInChainKeepsThePolicyItHas() {
    Ruleset dropping = parse("*filter\n:INPUT DROP [0:0]\nCOMMIT\n");
    String dash = "*filter\n:INPUT - [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n";

    assertThat(parse(dash, dropping, true).table(Table.FILTER).chains().get("INPUT").policy())
        .isEqualTo(HookVerdict.DROP);
    assertThat(parse(dash, dropping, false).table(Table.FILTER).chains().get("INPUT").policy())
        .isEqualTo(HookVerdict.ACCEPT);
  }

  /** rc=0 for ACCEPT, DROP and even BLAH: a user chain's policy word is ignored. */
  @Test
  void aUserChainsPolicyWordIsIgnored() {
    Ruleset ruleset =
        parse("*filter\n:FOO ACCEPT [0:0]\n:BAR BLAH [0:0]\n-A FOO -j ACCEPT\nCOMMIT\n");

    assertThat(rules(ruleset)).contains(":FOO - [0:0]\n").contains(":BAR - [0:0]\n");
  }

  /** "line 2 failed: Bad policy name." (rc=1). */
  @Test
  void refusesABadPolicyOnABuiltInChain() {
    assertThatThrownBy(() -> parse("*filter\n:INPUT RETURN [0:0]\nCOMMIT\n"))
        .hasMessageContaining("line 2 failed: Bad policy name.")
        .satisfies(e -> assertThat(line(e)).isEqualTo(2));
  }

  /** "line 2 policy invalid" (rc=2). */
  @Test
  void refusesAChainLineWithoutAPolicy() {
    assertThatThrownBy(() -> parse("*filter\n:FOO\nCOMMIT\n"))
        .hasMessageContaining("line 2 policy invalid");
  }

  /** rc=0; iptables-nft-save prints the comment with the rest of the line and its newline. */
  @Test
  void anUnterminatedQuoteRunsToTheEndOfTheLine() {
    Ruleset ruleset = parse("*filter\n-A INPUT -m comment --comment \"abc -j ACCEPT\nCOMMIT\n");

    assertThat(rules(ruleset)).contains("-A INPUT -m comment --comment \"abc -j ACCEPT\n\"\n");
    assertThat(ruleset.table(Table.FILTER).chains().get("INPUT").rules().get(0).target()).isNull();
  }

  /** rc=0; a 300-character comment is saved as its first 255. */
  @Test
  void aCommentIsCutAt255Characters() {
    String longComment = "a".repeat(300);

    Ruleset ruleset =
        parse("*filter\n-A INPUT -m comment --comment \"" + longComment + "\"\nCOMMIT\n");

    assertThat(rules(ruleset)).contains("--comment " + "a".repeat(255) + "\n");
  }

  /** A word of 1,023 characters loads; of 1,024, "Parameter too long!" (rc=2). */
  @Test
  void refusesAWordOfAThousandAndTwentyFourCharacters() {
    String ok =
        "*filter\n-A INPUT -m comment --comment " + "c".repeat(1023) + " -j ACCEPT\nCOMMIT\n";
    String tooLong = ok.replace("c".repeat(1023), "c".repeat(1024));

    assertThat(rules(parse(ok))).contains("-j ACCEPT");
    assertThatThrownBy(() -> parse(tooLong)).hasMessageContaining("Parameter too long!");
  }

  /**
   * rc=1 "line 2 failed: No chain/target/match by that name."; with --noflush rc=4 "line 2:
   * CHAIN_DEL failed (Device or resource busy): chain INPUT".
   */
  @Test
  void refusesDeletingABuiltInChainAsIptablesNftDoes() {
    assertThatThrownBy(() -> parse("*filter\n-X INPUT\nCOMMIT\n"))
        .hasMessageContaining("line 2 failed: No chain/target/match by that name.");
    assertThatThrownBy(() -> parse("*filter\n-X INPUT\nCOMMIT\n", Ruleset.EMPTY, true))
        .hasMessageContaining("CHAIN_DEL failed (Device or resource busy): chain INPUT");
  }

  /**
   * A CRLF file: "line 1 table name 'filter\r' invalid"; a CR after a target, "Invalid target name
   * `ACCEPT\r'"; after COMMIT, "Bad argument `COMMIT\r'"; after a chain name, "Invalid chain name".
   */
  @Test
  void refusesCarriageReturnsAsIptablesRestoreReadsThem() {
    assertThatThrownBy(() -> parse("*filter\r\n-A INPUT -j ACCEPT\r\nCOMMIT\r\n"))
        .hasMessageContaining("line 1 table name 'filter\r' invalid")
        .satisfies(e -> assertThat(line(e)).isEqualTo(1));
    assertThatThrownBy(() -> parse("*filter\n-A INPUT -j ACCEPT\r\nCOMMIT\n"))
        .hasMessageContaining("Invalid target name `ACCEPT\r'")
        .satisfies(e -> assertThat(line(e)).isEqualTo(2));
    assertThatThrownBy(() -> parse("*filter\n-A INPUT -j ACCEPT\nCOMMIT\r\n"))
        .hasMessageContaining("Bad argument `COMMIT\r'");
    assertThatThrownBy(() -> parse("*filter\n:FOO\r\nCOMMIT\n"))
        .hasMessageContaining("Invalid chain name `FOO\r'");
  }

  /** A CR inside a chain line's counters is harmless (rc=0). */
  @Test
  void aCarriageReturnAfterTheCountersIsHarmless() {
    assertThat(rules(parse("*filter\n:FOO - [0:0]\r\nCOMMIT\n"))).contains(":FOO - [0:0]\n");
  }

  /** "no command specified" for a line of blanks; "Bad argument `#'" for an indented comment. */
  @Test
  void refusesBlankAndIndentedCommentLines() {
    assertThatThrownBy(() -> parse("*filter\n   \nCOMMIT\n"))
        .hasMessageContaining("no command specified")
        .satisfies(e -> assertThat(line(e)).isEqualTo(2));
    assertThatThrownBy(() -> parse("*filter\n  # x\nCOMMIT\n"))
        .hasMessageContaining("Bad argument `#'");
  }

  /** "chain name `A…' too long (must be under 29 chars)"; "chain name not allowed to start…". */
  @Test
  void checksChainNamesAsIptablesDoes() {
    assertThat(rules(parse("*filter\n:" + "A".repeat(28) + " - [0:0]\nCOMMIT\n")))
        .contains("A".repeat(28));
    assertThatThrownBy(() -> parse("*filter\n:" + "A".repeat(29) + " - [0:0]\nCOMMIT\n"))
        .hasMessageContaining("too long (must be under 29 chars)");
    assertThatThrownBy(() -> parse("*filter\n-N " + "A".repeat(29) + "\nCOMMIT\n"))
        .hasMessageContaining("too long (must be under 29 chars)");
    assertThatThrownBy(() -> parse("*filter\n:-FOO - [0:0]\nCOMMIT\n"))
        .hasMessageContaining("chain name not allowed to start with `-'");
  }

  private static String chainOfJumps(int chains, boolean fromInput, String jump) {
    String declared =
        IntStream.rangeClosed(1, chains)
            .mapToObj(i -> ":C" + i + " - [0:0]\n")
            .collect(Collectors.joining());
    String links =
        IntStream.range(1, chains)
            .mapToObj(i -> "-A C" + i + " " + jump + " C" + (i + 1) + "\n")
            .collect(Collectors.joining());
    return "*filter\n" + declared + (fromInput ? "-A INPUT -j C1\n" : "") + links + "COMMIT\n";
  }

  /**
   * INPUT -> C1 -> ... -> C15 loads; with C16, "line 33: RULE_APPEND failed (Too many links): rule
   * in chain C15" (rc=4); the same with -g; a deep line of chains no base chain reaches loads.
   */
  @Test
  void refusesJumpsDeeperThanTheNfTablesJumpStack() {
    assertThat(rules(parse(chainOfJumps(15, true, "-j")))).contains("-A C14 -j C15");
    assertThatThrownBy(() -> parse(chainOfJumps(16, true, "-j")))
        .hasMessageContaining("RULE_APPEND failed (Too many links): rule in chain C15")
        .satisfies(e -> assertThat(line(e)).isEqualTo(33));
    assertThatThrownBy(() -> parse(chainOfJumps(17, true, "-g")))
        .hasMessageContaining("RULE_APPEND failed (Too many links): rule in chain C15");
    assertThat(rules(parse(chainOfJumps(40, false, "-j")))).contains("-A C39 -j C40");
  }

  /** A chain met first near the hook and later deep below it is checked at its deepest. */
  @Test
  void aChainReachedByAShortAndALongPathIsCheckedOnTheLongOne() {
    String text = chainOfJumps(14, true, "-j").replace("COMMIT\n", "");
    String refused =
        text + ":X - [0:0]\n:Y - [0:0]\n-I INPUT -j X\n-A C14 -j X\n-A X -j Y\nCOMMIT\n";

    assertThatThrownBy(() -> parse(refused))
        .hasMessageContaining("RULE_APPEND failed (Too many links): rule in chain X");
  }

  /**
   * rc=0 for {@code -mudp} and {@code -mstatistic} (corpus 116, 133), a match module joined to
   * {@code -m}; rc=2 for {@code -jDROP} (corpus 102).
   */
  @Test
  void readsAMatchModuleJoinedToDashM() {
    Ruleset ruleset =
        parse(
            "*filter\n-A INPUT -p udp -mudp --dport 53 -j ACCEPT\n"
                + "-A INPUT -mstatistic --mode random --probability 0.25 -j DROP\nCOMMIT\n");

    assertThat(rules(ruleset))
        .contains("-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n")
        .contains("-A INPUT -m statistic --mode random --probability 0.25000000000 -j DROP\n");
    assertThatThrownBy(() -> parse("*filter\n-A INPUT -s 10.0.0.0/8 -jDROP\nCOMMIT\n"))
        .satisfies(e -> assertThat(line(e)).isEqualTo(2));
  }

  /**
   * rc=0 (corpus 250): a state is named by any beginning of its name, in any case ({@code
   * strncasecmp} in libxt_conntrack's parse_state); an empty one is refused.
   */
  @Test
  void namesConntrackStatesByTheirBeginnings() {
    Ruleset ruleset =
        parse("*filter\n-A INPUT -m conntrack --ctstate RELATE,est,n -j ACCEPT\nCOMMIT\n");

    assertThat(rules(ruleset))
        .contains("-A INPUT -m conntrack --ctstate NEW,RELATED,ESTABLISHED -j ACCEPT\n");
    assertThatThrownBy(
            () -> parse("*filter\n-A INPUT -m conntrack --ctstate NEW,,RELATED\nCOMMIT\n"))
        .hasMessageContaining("Bad ctstate");
    assertThatThrownBy(
            () -> parse("*filter\n-A INPUT -m conntrack --ctstate NEWER -j ACCEPT\nCOMMIT\n"))
        .hasMessageContaining("Bad ctstate");
  }

  /**
   * rc=2 (corpus 206): a closing quote ends its word (add_param_to_argv), so {@code "hello w"rld"}
   * leaves {@code rld} as a stray argument.
   */
  @Test
  void aClosingQuoteEndsItsWord() {
    assertThatThrownBy(
            () ->
                parse(
                    "*filter\n-A INPUT -m comment --comment \"hello w\"rld\" -j ACCEPT\n"
                        + "COMMIT\n"))
        .hasMessageContaining("Bad argument `rld")
        .satisfies(e -> assertThat(line(e)).isEqualTo(2));
  }
}
