package dev.ksim.dns.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the checked-in corpus of hostile DNS messages (src/test/resources/fuzz/wire, see its
 * README), each as a datagram and as a TCP message: answered well-formed or dropped, in bounded
 * time. Inputs the fuzzer ({@link WireDecoderFuzz}, {@code mvn -Pfuzz}) finds are added there.
 */
class WireCorpusTest {
  private static CoreDns dns;

  @BeforeAll
  static void server() {
    dns = WireInputs.server();
  }

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir =
        Path.of(Objects.requireNonNull(WireCorpusTest.class.getResource("/fuzz/wire")).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> inputs = files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
      return inputs.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void answersWellFormedOrDrops(Path input) throws IOException {
    WireInputs.answeredOrDropped(dns, Files.readAllBytes(input));
  }
}
