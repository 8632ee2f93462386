package dev.ksim.dns.corefile;

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
 * Replays the checked-in corpus of hostile Corefiles (src/test/resources/fuzz/corefile, see its
 * README): each is read or refused with a line, in bounded time. Inputs the fuzzer ({@link
 * CorefileFuzz}, {@code mvn -Pfuzz}) finds are added there.
 */
class CorefileCorpusTest {
  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            Objects.requireNonNull(CorefileCorpusTest.class.getResource("/fuzz/corefile")).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> inputs = files.filter(f -> f.toString().endsWith(".corefile")).sorted().toList();
      return inputs.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void readsOrRefusesWithALine(Path input) throws IOException {
    CorefileInputs.parsesOrRefuses(Files.readString(input, StandardCharsets.UTF_8));
  }
}
