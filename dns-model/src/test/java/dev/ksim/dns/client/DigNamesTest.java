package dev.ksim.dns.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names dig refuses before sending anything, with dig 9.18.49's message and exit status 10 (each
 * case run with the real dig on this project's machine, Debian 12's dnsutils).
 */
class DigNamesTest {
  private static final String LABEL_60 = "x".repeat(60);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a..b.cluster.local, empty label",
    ".a, empty label",
    "a\\, unexpected end of input",
    "a\\256, bad escape",
    "a\\0b.., bad escape",
  })
  void refusesANameDigCannotRead(String name, String reason) {
    assertThatThrownBy(() -> DigRequest.parse(List.of(name)))
        .isInstanceOfSatisfying(
            ClientException.class, e -> assertThat(e.exitStatus()).isEqualTo(10))
        .hasMessage("dig: '" + name + "' is not a legal name (" + reason + ")");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 100})
  void refusesALabelOverSixtyThreeOctets(int length) {
    String name = "x".repeat(length) + ".cluster.local";

    assertThatThrownBy(() -> DigRequest.parse(List.of(name)))
        .hasMessage("dig: '" + name + "' is not a legal name (label too long)");
  }

  /** Three labels of 63 and one of 61 make 255 octets on the wire: dig sends it; 62, not. */
  @ParameterizedTest
  @CsvSource({"61, true", "62, false"})
  void refusesANameOverTwoHundredFiftyFiveOctets(int last, boolean legal) {
    String label63 = "a".repeat(63);
    String name = label63 + "." + label63 + "." + label63 + "." + "b".repeat(last);

    if (legal) {
      assertThat(DigRequest.parse(List.of(name)).name()).isEqualTo(name);
    } else {
      assertThatThrownBy(() -> DigRequest.parse(List.of(name)))
          .hasMessage("dig: '" + name + "' is not a legal name (ran out of space)");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5})
  void refusesLongNamesOfManyLabels(int labels) {
    String name = (LABEL_60 + ".").repeat(labels) + "cluster.local";

    assertThatThrownBy(() -> DigRequest.parse(List.of(name))).hasMessageContaining("ran out");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "cluster.local.", "a\\.b.cluster.local", "a\\065.example"})
  void acceptsWhatDigAccepts(String name) {
    assertThat(DigRequest.parse(List.of(name)).name()).isEqualTo(name);
  }
}
