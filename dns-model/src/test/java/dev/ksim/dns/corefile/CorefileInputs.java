package dev.ksim.dns.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;

/**
 * The promise the Corefile reader keeps for any text: a configuration, or a {@link
 * CorefileException} naming a line of the text, within seconds; never another exception, never a
 * hang. The corpus test and the fuzzer check it the same way.
 */
final class CorefileInputs {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  private CorefileInputs() {}

  static void parsesOrRefuses(String text) {
    int lines = text.split("\n", -1).length;
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try {
            CoreDnsConfig.parse(text, Map.of("ZONE", "cluster.local", "TTL", "30"));
          } catch (CorefileException e) {
            assertThat(e.line()).isBetween(1, lines);
          }
        });
  }
}
