package dev.ksim.netfilter.nft.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nft list} of the tables iptables-nft keeps, against what the real nft 1.0.6 printed after
 * the real iptables-nft-restore and ip6tables-nft-restore 1.8.9 loaded the same rules
 * (src/test/resources/golden/iptables-nft-1.0.6/README.md says how). The rules cover every match
 * and target ksim models: native expressions, xt expressions nft prints through their translation
 * (including the lossy ones: {@code ! --ctstate RELATED,ESTABLISHED,DNAT} prints as {@code ct
 * status dnat}, a second {@code addrtype} type is left out), those it cannot translate ({@code xt
 * match recent}), comments printing as nothing, and the IPv6 NAT targets nft 1.0.6 cannot find
 * after listing IPv4's.
 */
class RealIptablesNftGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden/iptables-nft-1.0.6");
  private static final NftRuleset NO_NFTABLES = NftRuleset.EMPTY;
  private static List<IptablesNftTable> tables;

  @BeforeAll
  static void restore() throws IOException {
    Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser(
                "rules.v4",
                new RuleEnvironment("myset"::equals, "acct1"::equals, IpFamily.IPV4),
                false)
            .parse(read("rules.v4"), Ruleset.EMPTY));
    kernel.setRuleset(
        IpFamily.IPV6,
        new IptablesRestoreParser(
                "rules.v6", new RuleEnvironment(s -> false, s -> false, IpFamily.IPV6), false)
            .parse(read("rules.v6"), Ruleset.EMPTY));
    tables = IptablesNftTable.of(kernel);
  }

  private static String read(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }

  private static NftListResult list(NftOutput output, String... words) {
    return NftList.run(NO_NFTABLES, tables, false, output, List.of(words));
  }

  @Test
  void listRulesetPrintsTheIptablesTablesAsNft() throws IOException {
    NftListResult result = list(NftOutput.SYMBOLIC, "list", "ruleset");

    assertThat(result.stdout()).isEqualTo(read("ruleset.list"));
    assertThat(result.stderr()).isEqualTo(read("ruleset.stderr"));
  }

  @Test
  void numericListingNumbersProtocolsAndPriorities() throws IOException {
    assertThat(list(NftOutput.NUMERIC, "list", "ruleset").stdout())
        .isEqualTo(read("ruleset.list-n"));
  }

  @Test
  void listTablesNamesThemInCreationOrder() throws IOException {
    assertThat(list(NftOutput.SYMBOLIC, "list", "tables").stdout()).isEqualTo(read("tables.list"));
  }

  /** Listed alone, an ip6 table finds its NAT targets (nothing loaded them for IPv4 first). */
  @Test
  void oneTableOrChainAtATime() throws IOException {
    NftListResult nat = list(NftOutput.SYMBOLIC, "list", "table", "ip", "nat");
    assertThat(nat.stdout()).isEqualTo(read("table-ip-nat.list"));
    assertThat(nat.stderr()).isEqualTo(read("table-ip-nat.stderr"));
    NftListResult mangle = list(NftOutput.SYMBOLIC, "list", "table", "mangle");
    assertThat(mangle.stdout()).isEqualTo(read("table-ip-mangle.list"));
    assertThat(mangle.stderr()).isEqualTo(read("table-ip-mangle.stderr"));
    assertThat(list(NftOutput.SYMBOLIC, "list", "chain", "ip6", "nat", "PREROUTING").stdout())
        .isEqualTo(read("chain-ip6-nat-PREROUTING.list"));
  }

  @Test
  void aMissingChainOfAnIptablesTableIsNftsError() {
    NftListResult result = list(NftOutput.SYMBOLIC, "list", "chain", "ip", "nat", "NOPE");

    assertThat(result.exitStatus()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo(
            "Error: No such file or directory\nlist chain ip nat NOPE\n"
                + " ".repeat(18)
                + "^^^^\n");
  }
}
