package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cli.KsimCommandTest.Run;
import dev.ksim.scaling.ResultsCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ksim bench --quick} as CI runs it: the report's shape, and the counted currency (never a
 * time: these machines are shared). One quick sweep serves every test.
 */
@Timeout(300)
class BenchCommandTest {
  @TempDir static Path out;

  private static Run run = new Run(-1, "", "");

  /** The rows of results.csv, each a map from column to cell. */
  private static List<Map<String, String>> rows = List.of();

  @BeforeAll
  static void runTheQuickSweep() throws IOException {
    run = ksim("bench", "--quick", "--out", out.toString());
    List<String> lines = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    rows =
        lines.stream()
            .skip(1)
            .map(line -> Arrays.asList(line.split(",", -1)))
            .map(
                cells ->
                    header.stream()
                        .collect(
                            Collectors.toMap(
                                Function.identity(), c -> cells.get(header.indexOf(c)))))
            .toList();
  }

  private static long counted(String mode, int services, String column) {
    return rows.stream()
        .filter(
            r -> r.get("mode").equals(mode) && r.get("services").equals(Integer.toString(services)))
        .mapToLong(r -> Long.parseLong(r.get(column)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void writesARowPerModeAndSizeUnderTheDocumentedColumns() throws IOException {
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readAllLines(out.resolve("results.csv")).get(0))
        .isEqualTo(String.join(",", ResultsCsv.header()));
    assertThat(rows)
        .extracting(r -> r.get("mode") + "@" + r.get("services"))
        .containsExactly(
            "iptables@100", "iptables@200", "ipvs@100", "ipvs@200", "nftables@100", "nftables@200");
  }

  @Test
  void writesTheMarkdownAndEveryChartAsPngAndSvg() throws IOException {
    String md = Files.readString(out.resolve("results.md"));

    assertThat(md).contains("## iptables (kube-proxy)", "## ipvs (kube-proxy)", "## nftables");
    assertThat(md).contains("## Crossovers");
    assertThat(md.split("ksim's time per packet, slowest row's median over the fastest's: first "))
        .hasSize(4);
    for (String chart : List.of("first-packet-counted", "first-packet-kernel", "sync", "memory")) {
      assertThat(Files.readAllBytes(out.resolve(chart + ".png"))).startsWith(0x89, 'P', 'N', 'G');
      assertThat(Files.readString(out.resolve(chart + ".svg"))).contains("<svg");
    }
  }

  @Test
  void iptablesRulesForTheLastServiceGrowWithServices() {
    long at100 = counted("iptables", 100, "last_rules");
    long at200 = counted("iptables", 200, "last_rules");

    // one KUBE-SERVICES rule more per Service in front of the last one
    assertThat(at200 - at100).isGreaterThanOrEqualTo(100);
  }

  @Test
  void nftablesWorkForTheLastServiceStaysFlat() {
    assertThat(counted("nftables", 200, "last_rules"))
        .isEqualTo(counted("nftables", 100, "last_rules"));
    assertThat(counted("nftables", 200, "last_lookups"))
        .isEqualTo(counted("nftables", 100, "last_lookups"))
        .isPositive();
  }

  @Test
  void ipvsWorkThroughKubeProxyStaysFlatAndIsTheSameForEveryService() {
    for (String probe : List.of("first", "middle", "last", "random")) {
      for (String column : List.of("_rules", "_lookups", "_conntrack_lookups")) {
        assertThat(counted("ipvs", 200, probe + column))
            .as(probe + column)
            .isEqualTo(counted("ipvs", 100, "first" + column));
      }
    }
    // KUBE-SERVICES' rules ahead of the ipset match, a fixed few whatever the Services
    assertThat(counted("ipvs", 200, "last_rules")).isPositive().isLessThan(20);
    // the KUBE-CLUSTER-IP ipset match and IPVS's virtual-service lookup
    assertThat(counted("ipvs", 200, "last_lookups")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anEstablishedPacketIsOneConntrackLookupAndIpvsAddsItsConnectionLookups() {
    for (String mode : List.of("iptables", "nftables")) {
      assertThat(counted(mode, 200, "established_conntrack_lookups")).as(mode).isEqualTo(1);
    }
    // conntrack, then at LOCAL_IN ip_vs_out's and ip_vs_in's connection-table lookups
    assertThat(counted("ipvs", 200, "established_conntrack_lookups")).isEqualTo(3);
    // the established packet skips the nat table's KUBE-SERVICES and IPVS's virtual-service
    // lookup: fewer rules and lookups than a first packet, but the same at every size
    assertThat(counted("ipvs", 200, "established_rules"))
        .isEqualTo(counted("ipvs", 100, "established_rules"))
        .isLessThan(counted("ipvs", 200, "first_rules"));
    assertThat(counted("ipvs", 200, "established_lookups"))
        .isEqualTo(counted("ipvs", 100, "established_lookups"))
        .isLessThan(counted("ipvs", 200, "first_lookups"));
  }

  @Test
  void printsTheCrossoverWithItsWorkload() {
    assertThat(run.out()).contains("crossover: iptables costs more than nftables from about");
    assertThat(run.out()).contains("10 endpoints per Service");
  }

  @Test
  void refusesAModeItDoesNotKnow() {
    Run bad = ksim("bench", "--quick", "--modes", "userspace", "--out", out.toString());

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--modes: no mode 'userspace'");
  }
}
