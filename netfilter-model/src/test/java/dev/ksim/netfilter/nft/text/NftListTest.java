package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nft list ...} commands against what the real nft 1.0.6 printed for the same commands over
 * the same ruleset (src/test/resources/golden/nft-1.0.6/README.md).
 */
class NftListTest {
  private static final Path DIR = Path.of("src/test/resources/golden/nft-1.0.6");
  private static NftRuleset ruleset = NftRuleset.EMPTY;

  @BeforeAll
  static void load() throws IOException {
    ruleset = NftScriptParser.apply(NftRuleset.EMPTY, "kube-proxy.nft", read("kube-proxy.nft"));
  }

  private static String read(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }

  private static NftListResult list(boolean handles, String command) {
    return NftList.run(ruleset, handles, NftOutput.SYMBOLIC, Arrays.asList(command.split(" ")));
  }

  @Test
  void listTableIsTheTableAsInTheRuleset() throws IOException {
    assertThat(list(false, "list table ip kube-proxy").stdout()).isEqualTo(read("kube-proxy.list"));
    assertThat(list(false, "list table kube-proxy").stdout()).isEqualTo(read("kube-proxy.list"));
  }

  @Test
  void listMapSetAndChainPrintTheObjectInsideItsTable() throws IOException {
    assertThat(list(false, "list map ip kube-proxy service-ips").stdout())
        .isEqualTo(read("kube-proxy.list-map-service-ips"));
    assertThat(list(false, "list set ip kube-proxy cluster-ips").stdout())
        .isEqualTo(read("kube-proxy.list-set-cluster-ips"));
    assertThat(list(true, "list chain ip kube-proxy services").stdout())
        .isEqualTo(read("kube-proxy.list-a-chain-services"));
  }

  @Test
  void listTablesAndRulesetOfAFamily() throws IOException {
    assertThat(list(false, "list tables").stdout()).isEqualTo("table ip kube-proxy\n");
    assertThat(list(false, "list ruleset ip").stdout()).isEqualTo(read("kube-proxy.list"));
    assertThat(list(false, "list ruleset ip6")).isEqualTo(new NftListResult(0, "", ""));
  }

  @Test
  void missingObjectsAreNftsNoSuchFileWithTheNameUnderlined() {
    assertThat(list(false, "list table ip6 kube-proxy"))
        .isEqualTo(
            new NftListResult(
                1,
                "",
                "Error: No such file or directory\nlist table ip6 kube-proxy\n"
                    + "               ^^^^^^^^^^\n"));
    assertThat(list(false, "list chain ip nosuch services").stderr())
        .isEqualTo(
            "Error: No such file or directory\nlist chain ip nosuch services\n"
                + "              ^^^^^^\n");
    assertThat(list(false, "list set ip kube-proxy service-ips").stderr())
        .isEqualTo(
            "Error: No such file or directory\nlist set ip kube-proxy service-ips\n"
                + "                       ^^^^^^^^^^^\n");
  }

  @Test
  void unknownWordsAreSyntaxErrors() {
    assertThat(list(false, "list foo").stderr())
        .isEqualTo("Error: syntax error, unexpected string\nlist foo\n     ^^^\n");
    assertThat(list(false, "list").stderr())
        .isEqualTo("Error: syntax error, unexpected newline\nlist\n    ^\n");
  }
}
