package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.view.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipe filters print as GNU grep 3 and coreutils 9 print (checked on this machine). */
class PipelineTest {
  private static final String TEXT = "a\nb\nc\nKUBE x\nd\ne\nKUBE y\nf\n";

  private static CommandResult grep(String... args) {
    return Grep.filter(TEXT, List.of(args));
  }

  @Test
  void grepTakesTheNumberAfterDashAAsTheContextNotThePattern() {
    assertThat(grep("KUBE", "-A", "2").stdout()).isEqualTo("KUBE x\nd\ne\nKUBE y\nf\n");
  }

  @Test
  void grepSeparatesContextGroupsAndNumbersLinesAsGnuGrep() {
    // grep -n -A1 KUBE on this machine
    assertThat(grep("-n", "-A1", "KUBE").stdout()).isEqualTo("4:KUBE x\n5-d\n--\n7:KUBE y\n8-f\n");
    assertThat(grep("-B1", "-n", "KUBE").stdout()).isEqualTo("3-c\n4:KUBE x\n--\n6-e\n7:KUBE y\n");
  }

  @Test
  void grepCountsOnlyMatchingAndInverts() {
    assertThat(grep("-c", "-A1", "KUBE").stdout()).isEqualTo("2\n");
    assertThat(grep("-o", "-n", "KUBE [a-z]").stdout()).isEqualTo("4:KUBE x\n7:KUBE y\n");
    assertThat(grep("-v", "-i", "kube").stdout()).isEqualTo("a\nb\nc\nd\ne\nf\n");
    assertThat(grep("-w", "x").stdout()).isEqualTo("KUBE x\n");
  }

  @Test
  void grepReadsBasicExpressionsLiterallyAndExtendedOnesAsRegex() {
    assertThat(Grep.filter("a+b\naab\n", List.of("a+b")).stdout()).isEqualTo("a+b\n");
    assertThat(Grep.filter("a+b\naab\n", List.of("-E", "a+b")).stdout()).isEqualTo("aab\n");
    assertThat(Grep.filter("x|y\nx\n", List.of("-F", "x|y")).stdout()).isEqualTo("x|y\n");
  }

  @Test
  void grepExitsOneWhenNothingMatchesAndTwoOnUsageErrors() {
    assertThat(grep("nothing").exitCode()).isEqualTo(1);
    assertThat(grep().stderr()).startsWith("Usage: grep [OPTION]... PATTERNS [FILE]...");
    assertThat(grep("-A", "x", "y").stderr())
        .isEqualTo("grep: x: invalid context length argument\n");
  }

  @Test
  void anOptionKsimDoesNotSimulateIsRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> grep("-z", "x"))
        .isInstanceOf(UnsupportedCommandException.class)
        .hasMessageContaining("-z");
  }

  @Test
  void wcCountsInSevenColumnsOrOneNumber() {
    assertThat(TextFilters.wc("a b\n", List.of()).stdout()).isEqualTo("      1       2       4\n");
    assertThat(TextFilters.wc("a b\n", List.of("-l")).stdout()).isEqualTo("1\n");
  }

  @Test
  void uniqCountsRunsAsCoreutils() {
    assertThat(TextFilters.uniq("x\nx\ny\n", List.of("-c")).stdout())
        .isEqualTo("      2 x\n      1 y\n");
  }

  @Test
  void headTailSortAndCut() {
    assertThat(TextFilters.head(TEXT, List.of("-n", "2")).stdout()).isEqualTo("a\nb\n");
    assertThat(TextFilters.head(TEXT, List.of("-3")).stdout()).isEqualTo("a\nb\nc\n");
    assertThat(TextFilters.tail(TEXT, List.of("-n", "+7")).stdout()).isEqualTo("KUBE y\nf\n");
    assertThat(TextFilters.sort("b 2\na 10\nc 1\n", List.of("-k2", "-n")).stdout())
        .isEqualTo("c 1\nb 2\na 10\n");
    assertThat(TextFilters.cut("a:b:c\n", List.of("-d:", "-f", "2-")).stdout()).isEqualTo("b:c\n");
  }

  @Test
  void awkPrintsFieldsSplitOnBlanks() {
    String table = "NAME   READY\nweb-1  1/1\nweb-2  0/1\n";

    assertThat(Awk.filter(table, List.of("{print $1}")).stdout()).isEqualTo("NAME\nweb-1\nweb-2\n");
    assertThat(Awk.filter(table, List.of("NR>1 {print $2, $1}")).stdout())
        .isEqualTo("1/1 web-1\n0/1 web-2\n");
    assertThat(Awk.filter("a:b\n", List.of("-F:", "{print $NF}")).stdout()).isEqualTo("b\n");
  }
}
