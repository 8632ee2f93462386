package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Words as iptables-restore's {@code add_param_to_argv} splits a line: a word outside quotes is
 * taken as it stands, a quote groups words and joins what touches it, {@code \"} stands for a quote
 * inside quotes, and a quote left open takes the line's newline.
 */
class RuleTokenizerTest {
  @Test
  void blanksAndTabsSplitWordsOutsideQuotes() {
    assertThat(RuleTokenizer.split("-A X  -j\tY ", true)).containsExactly("-A", "X", "-j", "Y");
    assertThat(RuleTokenizer.split("  ", true)).isEmpty();
    assertThat(RuleTokenizer.split("", true)).isEmpty();
  }

  @Test
  void quotesGroupWordsAndJoinWhatPrecedesThem() {
    assertThat(RuleTokenizer.split("-m comment --comment \"a b\" -j Y", true))
        .containsExactly("-m", "comment", "--comment", "a b", "-j", "Y");
    assertThat(RuleTokenizer.split("a\"b c\"d e", true)).containsExactly("ab c", "d", "e");
    assertThat(RuleTokenizer.split("\"a\"\"b\"", true)).containsExactly("a", "b");
    assertThat(RuleTokenizer.split("\"\" x", true)).containsExactly("", "x");
    assertThat(RuleTokenizer.split("x \"\"", true)).containsExactly("x", "");
  }

  @Test
  void escapesInsideQuotesStandForTheCharacter() {
    assertThat(RuleTokenizer.split("--comment \"a \\\"q\\\" \\\\ \\' \\n\"", true))
        .containsExactly("--comment", "a \"q\" \\ ' \\n");
  }

  @Test
  void aQuoteLeftOpenRunsToTheEndAndTakesTheNewline() {
    assertThat(RuleTokenizer.split("-j \"open quote", true)).containsExactly("-j", "open quote\n");
    assertThat(RuleTokenizer.split("-j \"open quote", false)).containsExactly("-j", "open quote");
    assertThat(RuleTokenizer.split("x\"", true)).containsExactly("x\n");
  }
}
