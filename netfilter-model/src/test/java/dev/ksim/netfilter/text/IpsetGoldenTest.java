package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.ipset.IpSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ipset text against ipset 7.17's own output for the same sets (golden/ipset-7.17, made in a
 * throwaway namespace on this machine). The kernel's random {@code initval} and its exact memory
 * use are not reproduced, so those two fields are compared for shape only.
 */
class IpsetGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden/ipset-7.17");

  private static String normalise(String text) {
    return text.replaceAll("initval 0x[0-9a-f]{8}", "initval 0x________");
  }

  @Test
  void savedSetsRoundTripAndPrintAsIpsetDoes() throws IOException {
    String saved = Files.readString(DIR.resolve("save.txt"), StandardCharsets.UTF_8);
    Map<String, IpSet> sets = IpsetRestoreParser.parse("save.txt", saved);

    assertThat(normalise(IpsetWriter.save(sets.values()))).isEqualTo(normalise(saved));
    String list = Files.readString(DIR.resolve("list.txt"), StandardCharsets.UTF_8);
    assertThat(normalise(IpsetWriter.list(sets.values(), Map.of("KUBE-CLUSTER-IP", 1))))
        .isEqualTo(normalise(list));
  }
}
