package dev.ksim.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextTest {
  @Test
  void readsUtf8() {
    assertThat(Utf8Text.decode("r", "caf\u00e9\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("caf\u00e9\n");
  }

  @Test
  void refusesTheFirstOctetThatIsNotUtf8WithItsLineAndColumn() {
    byte[] latin1 = "*filter\n-A X caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> Utf8Text.decode("r.rules", latin1))
        .isInstanceOfSatisfying(
            KsimInputException.class, e -> assertThat(e.location().line()).isEqualTo(2))
        .hasMessage("not UTF-8 text: octet 0xE9 at column 9");
  }
}
