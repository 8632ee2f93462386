package dev.ksim.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
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

  @Test
  void readsAFileThatWritesTheReplacementCharacterItself() {
    assertThat(Utf8Text.decode("r", "a\uFFFDb\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("a\uFFFDb\n");
  }

  /**
   * Whatever the octets (overlong forms, surrogates, truncated sequences, code points past
   * U+10FFFF), the text is the strict decoder's, and refused exactly where the strict decoder
   * refuses it.
   */
  @Test
  void readsAndRefusesAsTheStrictDecoder() {
    SplittableRandom random = new SplittableRandom(16);
    byte[] interesting = {
      (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xed,
      (byte) 0xa0, (byte) 0xef, (byte) 0xf0, (byte) 0xf4, (byte) 0x90, (byte) 0xf5, (byte) 0xff
    };
    String[] characters = {"a", "\n", "\u00e9", "\u20ac", "\uFFFD", "\uD83D\uDE00"};
    int refused = 0;
    for (int round = 0; round < 50_000; round++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        if (random.nextInt(3) == 0) {
          out.write(interesting[random.nextInt(interesting.length)]);
        } else {
          out.writeBytes(
              characters[random.nextInt(characters.length)].getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] bytes = out.toByteArray();
      String strict;
      try {
        strict = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        refused++;
        assertThatThrownBy(() -> Utf8Text.decode("r", bytes))
            .isInstanceOf(KsimInputException.class);
        continue;
      }
      assertThat(Utf8Text.decode("r", bytes)).isEqualTo(strict);
    }
    assertThat(refused).isBetween(5_000, 45_000);
  }
}
