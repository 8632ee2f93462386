package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/** The shortcuts of {@link ImplicitTags} give the tag SnakeYAML's resolver gives. */
class ImplicitTagsTest {
  private final Resolver resolver = new Resolver();
  private final ImplicitTags tags = new ImplicitTags();

  @Test
  void everyFirstCharacterWithTailsThatMatchOrNot() {
    List<String> tails =
        List.of(
            "",
            "0",
            "1",
            "_0",
            ".5",
            "e3",
            "1.5",
            "1.2.3",
            "..",
            "es",
            "ES",
            "ull",
            "ULL",
            "ue",
            "rue",
            "n",
            "ff",
            "o",
            "<",
            "x",
            "0:30",
            "-01-01",
            "024-01-01",
            "inf",
            "nan",
            "abc");
    for (char first = ' '; first <= '~'; first++) {
      for (String tail : tails) {
        assertSame(first + tail);
      }
    }
    assertSame("");
  }

  @Test
  void numbersAddressesAndTimesWithOneDotOrMore() {
    SplittableRandom random = new SplittableRandom(16);
    String alphabet = "0123456789..._:+-eEtT Z";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int n = 1 + random.nextInt(12); n > 0; n--) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertSame(value.toString());
    }
    assertSame("10.100.0.1");
    assertSame("2001-12-14t21:59:43.10-05:00");
    assertSame("1.5");
  }

  private void assertSame(String value) {
    assertThat(tags.of(value)).as(value).isEqualTo(resolver.resolve(NodeId.scalar, value, true));
  }
}
