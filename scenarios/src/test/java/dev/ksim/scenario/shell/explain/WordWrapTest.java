package dev.ksim.scenario.shell.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * ksim's word wrap against go-wordwrap 1.0.1's WrapString (which kubectl explain wraps with): the
 * cases follow that library's own tests (wordwrap_test.go at v1.0.1).
 */
class WordWrapTest {
  @Test
  void breaksAtTheLastSpaceBeforeTheLimitAndDropsIt() {
    assertThat(WordWrap.wrap(10, "The quick brown fox jumps"))
        .isEqualTo("The quick\nbrown fox\njumps");
  }

  @Test
  void keepsTheTextsOwnLineBreaksAndRunsOfSpaces() {
    assertThat(WordWrap.wrap(80, "one.  two\n\nthree\n")).isEqualTo("one.  two\n\nthree\n");
  }

  @Test
  void letsAWordLongerThanTheLimitOverrunIt() {
    assertThat(WordWrap.wrap(8, "see https://kubernetes.io/docs here"))
        .isEqualTo("see\nhttps://kubernetes.io/docs\nhere");
  }

  @Test
  void dropsTrailingSpacesThatWouldOverrunTheLimit() {
    assertThat(WordWrap.wrap(4, "abcd    ")).isEqualTo("abcd");
    assertThat(WordWrap.wrap(10, "abcd  ")).isEqualTo("abcd  ");
  }

  @Test
  void countsCharactersNotBytes() {
    assertThat(WordWrap.wrap(5, "äöü äöü")).isEqualTo("äöü\näöü");
  }

  @Test
  void indentsEveryLineTheEmptyLastOneToo() {
    assertThat(WordWrap.indent(4, "a\nb\n")).isEqualTo("    a\n    b\n    ");
  }
}
