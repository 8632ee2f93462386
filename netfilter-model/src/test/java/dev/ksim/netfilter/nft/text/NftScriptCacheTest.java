package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRule;
import dev.ksim.netfilter.nft.NftRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines applied through the cache, fresh and reused by later transactions at other line numbers,
 * give what the same lines joined into one text give with {@link NftScriptParser#apply}: the same
 * ruleset as {@code nft -a list ruleset} prints it, or the same error on the same line.
 */
class NftScriptCacheTest {
  private static final Path DIR = Path.of("src/test/resources/golden/nft-1.0.6");
  private static final String FILE = "kube-proxy on node";

  /** Applies {@code lines} both ways and checks they agree; the ruleset (or the old one). */
  private NftRuleset applyBothWays(NftRuleset current, List<String> lines) {
    String text = String.join("\n", lines) + "\n";
    List<NftScriptCache.Line> input = lines.stream().map(NftScriptCache.Line::of).toList();
    NftRuleset expected;
    try {
      expected = NftScriptParser.apply(current, FILE, text);
    } catch (NftParseException refused) {
      assertThatThrownBy(() -> NftScriptCache.apply(current, FILE, input))
          .isInstanceOf(NftParseException.class)
          .extracting(e -> ((NftParseException) e).describe())
          .isEqualTo(refused.describe());
      return current;
    }
    NftRuleset got = NftScriptCache.apply(current, FILE, input);
    assertThat(listed(got)).isEqualTo(listed(expected));
    return got;
  }

  private static String listed(NftRuleset ruleset) {
    return NftList.run(ruleset, true, NftOutput.SYMBOLIC, List.of("list", "ruleset")).stdout();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-proxy", "assorted", "block", "reject"})
  void goldenInputsGiveTheSameRuleset(String name) throws IOException {
    List<String> lines =
        Files.readString(DIR.resolve(name + ".nft"), StandardCharsets.UTF_8).lines().toList();
    NftRuleset once = applyBothWays(NftRuleset.EMPTY, lines);
    assertThat(once.tables()).isNotEmpty();
    applyBothWays(once, lines);
  }

  @Test
  void reusedLinesAtOtherLinesGiveTheSameRulesetAndErrors() {
    String table = "add table ip t";
    String chain = "add chain ip t a";
    String jump = "add rule ip t a jump b";
    String set = "add set ip t s { type ipv4_addr ; }";
    String element = "add element ip t s { 10.0.0.1 }";
    NftRuleset first =
        applyBothWays(
            NftRuleset.EMPTY, List.of(table, chain, "add chain ip t b", jump, set, element));
    assertThat(listed(first)).contains("jump b").contains("10.0.0.1");

    // the jump's target is gone: refused on the jump's new line
    NftRuleset unchanged =
        applyBothWays(first, List.of("flush chain ip t a", "delete chain ip t b", "", jump));
    assertThat(unchanged).isSameAs(first);

    // the element line parsed for an address set, now applied to a set of ports
    applyBothWays(
        first,
        List.of(
            "delete element ip t s { 10.0.0.1 }",
            "delete set ip t s",
            "add set ip t s { type inet_service ; }",
            element));

    // and back to an address set of the same types: the element is parsed for them again
    applyBothWays(
        first, List.of("delete set ip t s", "add set ip t s { type ipv4_addr ; }", element));
  }

  @Test
  void aSmallTransactionKeepsTheLinesOfTheLargeOneBefore() {
    List<String> full = new ArrayList<>(List.of("add table ip t"));
    for (int i = 0; i < 10; i++) {
      full.add("add chain ip t c" + i);
      full.add("flush chain ip t c" + i);
      full.add("add rule ip t c" + i + " ip daddr 10.0.0." + i + " drop");
    }
    NftRuleset first = applyBothWays(NftRuleset.EMPTY, full);
    NftRuleset partial = applyBothWays(first, List.of("add rule ip t c1 ip daddr 10.9.9.9 drop"));
    NftRuleset again = applyBothWays(partial, full);
    NftRule before = first.tables().get(0).chains().get("c5").rules().get(0);
    NftRule after = again.tables().get(0).chains().get("c5").rules().get(0);
    assertThat(after.handle()).isNotEqualTo(before.handle());
    assertThat(after.statements()).as("parsed once").isSameAs(before.statements());
  }

  @Test
  void aLargeInputSentAgainAfterSmallerOnesIsFoundWhole() {
    NftScriptCache cache = new NftScriptCache(4);
    List<NftScriptCache.Line> full =
        new ArrayList<>(List.of(NftScriptCache.Line.of("add table ip t")));
    for (int i = 0; i < 10; i++) {
      full.add(new NftScriptCache.Line("add chain ip t", "c" + i, ""));
      full.add(new NftScriptCache.Line("flush chain ip t", "c" + i, ""));
      full.add(new NftScriptCache.Line("add rule ip t", "c" + i, "ip daddr 10.0.0." + i + " drop"));
    }
    NftRuleset first = cache.applyLines(NftRuleset.EMPTY, FILE, full);
    NftRuleset ruleset = first;
    NftRuleset expected = NftScriptParser.apply(NftRuleset.EMPTY, FILE, text(full));
    for (int round = 0; round < 3; round++) {
      String partial = "add rule ip t c1 ip daddr 10.9.9." + round + " drop";
      ruleset = cache.applyLines(ruleset, FILE, List.of(NftScriptCache.Line.of(partial)));
      ruleset = cache.applyLines(ruleset, FILE, full);
      expected = NftScriptParser.apply(expected, FILE, partial + "\n");
      expected = NftScriptParser.apply(expected, FILE, text(full));
    }
    assertThat(listed(ruleset)).isEqualTo(listed(expected));
    for (int i = 0; i < 10; i++) {
      NftRule before = first.tables().get(0).chains().get("c" + i).rules().get(0);
      NftRule after = ruleset.tables().get(0).chains().get("c" + i).rules().get(0);
      assertThat(after.statements()).as("parsed once").isSameAs(before.statements());
    }
  }

  private static String text(List<NftScriptCache.Line> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> line.appendTo(text).append('\n'));
    return text.toString();
  }

  @Test
  void aLineThatIsNotWholeOnItsOwnIsReadWithTheNextOnes() {
    NftRuleset base = applyBothWays(NftRuleset.EMPTY, List.of("add table ip t"));
    NftRuleset blocks =
        applyBothWays(
            base,
            List.of(
                "table ip t {",
                "  chain c {",
                "    ip daddr 10.0.0.1 \\",
                "      drop",
                "  }",
                "}"));
    assertThat(listed(blocks)).contains("ip daddr 10.0.0.1 drop");
    applyBothWays(base, List.of("add chain ip t c", "add rule ip t c ip daddr {", "10.0.0.1 }"));
    applyBothWays(base, List.of("add chain ip t c", "add rule ip t c ip daddr { 10.0.0.1"));
  }
}
