package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.text.IptablesListWriter.ListOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ksim's iptables text against what the real iptables 1.8.9 (nf_tables) printed for the same
 * restore input on this project's machine (src/test/resources/golden/iptables-1.8.9/README.md says
 * how they were made).
 */
class RealIptablesGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden/iptables-1.8.9");
  private static Ruleset ruleset;

  @BeforeAll
  static void restore() throws IOException {
    RuleEnvironment environment =
        new RuleEnvironment(
            "KUBE-CLUSTER-IP"::equals, "localhost_nps_accepted_pkts"::equals, IpFamily.IPV4);
    ruleset =
        new IptablesRestoreParser("sample.rules", environment, false)
            .parse(read("sample.rules"), Ruleset.EMPTY);
  }

  private static String read(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void saveMatchesIptablesSave() throws IOException {
    assertThat(IptablesSaveWriter.save(ruleset, null, null, false)).isEqualTo(read("save.txt"));
  }

  @Test
  void listRulesMatchesDashS() throws IOException {
    assertThat(IptablesListWriter.listRules(ruleset.table(Table.FILTER), null))
        .isEqualTo(read("filter-S.txt"));
    assertThat(IptablesListWriter.listRules(ruleset.table(Table.NAT), null))
        .isEqualTo(read("nat-S.txt"));
    assertThat(IptablesListWriter.listRules(ruleset.table(Table.NAT), "KUBE-SEP-A"))
        .isEqualTo(read("sep-S.txt"));
  }

  @Test
  void listMatchesDashL() throws IOException {
    RuleCounters counters = new RuleCounters();
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.FILTER),
                null,
                new ListOptions(false, false, false, false),
                counters))
        .isEqualTo(read("filter-L.txt"));
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.NAT),
                null,
                new ListOptions(false, false, false, false),
                counters))
        .isEqualTo(read("nat-L.txt"));
  }

  @Test
  void listMatchesDashLNumericVerbose() throws IOException {
    RuleCounters counters = new RuleCounters();
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.FILTER),
                null,
                new ListOptions(true, false, false, false),
                counters))
        .isEqualTo(read("filter-Ln.txt"));
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.NAT), null, new ListOptions(true, true, false, true), counters))
        .isEqualTo(read("nat-Lnv.txt"));
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.FILTER),
                null,
                new ListOptions(true, true, true, false),
                counters))
        .isEqualTo(read("filter-Lvxn.txt"));
    assertThat(
            IptablesListWriter.list(
                ruleset.table(Table.NAT),
                "KUBE-SVC-WEB",
                new ListOptions(true, false, false, false),
                counters))
        .isEqualTo(read("svc-Ln.txt"));
  }

  @Test
  void restoringTheSavedTextGivesItBack() throws IOException {
    Ruleset again =
        new IptablesRestoreParser("save.txt", RuleEnvironment.PERMISSIVE, false)
            .parse(read("save.txt"), Ruleset.EMPTY);

    assertThat(IptablesSaveWriter.save(again, null, null, false)).isEqualTo(read("save.txt"));
  }
}
