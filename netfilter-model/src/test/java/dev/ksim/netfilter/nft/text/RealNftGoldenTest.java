package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ksim's {@code nft list ruleset} against what the real nft 1.0.6 printed back for the same {@code
 * nft -f} input (src/test/resources/golden/nft-1.0.6/README.md says how they were made).
 */
class RealNftGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden/nft-1.0.6");

  private static String read(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }

  private static NftRuleset load(String name) throws IOException {
    return NftScriptParser.apply(NftRuleset.EMPTY, name + ".nft", read(name + ".nft"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-proxy", "assorted", "block", "reject"})
  void listRulesetMatchesNft(String name) throws IOException {
    NftRuleset ruleset = load(name);

    assertThat(new NftListWriter(false).ruleset(ruleset)).isEqualTo(read(name + ".list"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-proxy", "assorted", "block", "reject"})
  void listRulesetWithHandlesMatchesNftDashA(String name) throws IOException {
    NftRuleset ruleset = load(name);

    assertThat(new NftListWriter(true).ruleset(ruleset)).isEqualTo(read(name + ".list-a"));
  }

  /**
   * {@code nft -n}: protocols, conntrack bits, fib address types and priorities as numbers,
   * timeouts in seconds; with {@code -a} as well, the handles too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"kube-proxy", "assorted", "block", "reject"})
  void numericListingMatchesNftDashN(String name) throws IOException {
    NftRuleset ruleset = load(name);

    assertThat(new NftListWriter(false, NftOutput.NUMERIC).ruleset(ruleset))
        .isEqualTo(read(name + ".list-n"));
    assertThat(new NftListWriter(true, NftOutput.NUMERIC).ruleset(ruleset))
        .isEqualTo(read(name + ".list-a-n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-proxy", "assorted", "block", "reject"})
  void listedRulesetLoadsBackToTheSameRuleset(String name) throws IOException {
    String listed = new NftListWriter(false).ruleset(load(name));

    NftRuleset again = NftScriptParser.apply(NftRuleset.EMPTY, name + ".list", listed);

    assertThat(new NftListWriter(false).ruleset(again)).isEqualTo(listed);
  }
}
