package dev.ksim.netfilter.text;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
}
