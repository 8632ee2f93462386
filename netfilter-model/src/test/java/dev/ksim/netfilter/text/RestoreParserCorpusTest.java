package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.table.Ruleset;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the checked-in corpus of hostile iptables-restore inputs
 * (src/test/resources/fuzz/restore, see its README): each is parsed or refused with a line, in
 * bounded time. Inputs the fuzzer ({@link RestoreParserFuzz}, {@code mvn -Pfuzz}) finds are added
 * there.
 */
class RestoreParserCorpusTest {
  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            Objects.requireNonNull(RestoreParserCorpusTest.class.getResource("/fuzz/restore"))
                .toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> inputs = files.filter(f -> f.toString().endsWith(".rules")).sorted().toList();
      return inputs.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void parsesOrRefusesWithALine(Path input) throws IOException {
    RestoreInputs.parsesOrRefuses(Files.readString(input, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void acceptsAndRefusesAsIptablesNftRestoreDid(Path input) throws IOException {
    String file = input.getFileName().toString();
    Map<String, String> real = new TreeMap<>();
    for (String line : Files.readAllLines(input.resolveSibling("real-verdicts.tsv"))) {
      real.put(line.split("\t")[0], line.split("\t")[1]);
    }
    String ksim;
    try {
      new IptablesRestoreParser(file, RuleEnvironment.PERMISSIVE, false)
          .parse(Files.readString(input, StandardCharsets.UTF_8), Ruleset.EMPTY);
      ksim = "accept";
    } catch (RulesParseException e) {
      ksim = "refuse";
    }

    assertThat(ksim).isEqualTo(real.get(file));
  }
}
