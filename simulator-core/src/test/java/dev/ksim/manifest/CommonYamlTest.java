package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The common shapes of YAML read straight from the text give exactly SnakeYAML's documents (tree,
 * key order, number types, lines of every field), and anything else is left to SnakeYAML.
 */
class CommonYamlTest {
  /** Keys, including some outside the common shapes. */
  private static final List<String> KEYS =
      List.of(
          "name",
          "ports",
          "a",
          "b",
          "c",
          "kubernetes.io/service-name",
          "app.kubernetes.io/name",
          "x_y",
          "80",
          "true",
          "null",
          "y",
          "-x",
          "a b",
          "\"q\"",
          "'q'",
          "<<",
          "~",
          ".a",
          "a:b",
          "? a",
          "&a a",
          "a.",
          "a-");

  /** Scalars and flow collections written after a key or a dash, in the common shapes. */
  private static final List<String> VALUES =
      List.of(
          "80",
          "-1",
          "0x1F",
          "0777",
          "0o17",
          "1_000",
          "1.5",
          "-.5",
          ".inf",
          "1e3",
          "12:30",
          "true",
          "yes",
          "No",
          "on",
          "OFF",
          "y",
          "n",
          "null",
          "Null",
          "~",
          "2024-01-01",
          "nginx",
          "10.100.0.1",
          "a b",
          "a  b",
          "a:b",
          "a,b",
          "a]b",
          "a}",
          "a'b",
          "a\"b",
          "-a",
          "'q'",
          "\"q\"",
          "\"a # b\"",
          "'a: b'",
          "\"\"",
          "''",
          "{a: 1}",
          "[1, 2]",
          "{a: [x, y], b: {c: d}}",
          "[]",
          "{}",
          "[ ]",
          "{ }",
          "[ a , b ]",
          "{ a: b }",
          "[a b, c]",
          "[-1, .5, true, ~, null, 0x1F, 1_0]",
          "{a: 'x', b: \"y\"}",
          "[[1], [2, [3]]]",
          "{a: {b: {c: {d: 1}}}}",
          "{kubernetes.io/service-name: s0}",
          "[a/b, a-b, a_b, a.b]");

  /** Values outside the common shapes, or not YAML at all. */
  private static final List<String> ODD_VALUES =
      List.of(
          "+1",
          "a: b",
          "a#b",
          "-",
          "- a",
          "?x",
          "? x",
          ":x",
          "@x",
          "`x`",
          "&a",
          "&a x",
          "*a",
          "!x",
          "!!str 1",
          "|",
          ">",
          "%x",
          "'it''s'",
          "\"a\\nb\"",
          "[a: b]",
          "{a}",
          "{a: }",
          "[a, ]",
          "{a:b}",
          "{\"a\": 1}",
          "[a #c]",
          "[a, b",
          "{a: 1",
          "x ]",
          "[1, 2] x",
          "\"a\" b",
          "\"a\"#b",
          "[a, - b]",
          "[-]",
          "{a: -}",
          "[a: b, c]",
          "{a: 1, a: 2}",
          "[a]: b",
          "{a: b}: c",
          "\"a",
          "'a");

  private static final List<String> COMMENTS = List.of("", " # c", "  #c", "#c", " #");

  @Test
  void readsTheServicesAndEndpointSlicesOfTheScaleWorkloadAndNginx() {
    StringBuilder text = new StringBuilder(corpus("nginx"));
    for (int i = 0; i < 3; i++) {
      text.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: s")
          .append(i)
          .append(", namespace: default}\n")
          .append("spec: {ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]}\n")
          .append("---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n")
          .append("metadata: {name: s")
          .append(i)
          .append("-abc, namespace: default, labels: {kubernetes.io/service-name: s")
          .append(i)
          .append("}}\naddressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\n")
          .append("endpoints: [{addresses: [10.100.0.1], conditions: {ready: true}},")
          .append(" {addresses: [10.100.0.2], conditions: {ready: true}}]\n");
    }

    Optional<List<YamlDocument>> read = CommonYaml.read("m.yaml", text.toString());

    assertThat(read).isPresent();
    assertThat(read.get()).hasSize(2 + 3 * 2);
    assertSameDocuments(read.get(), YamlReader.compose("m.yaml", text.toString()));
  }

  @Test
  void everyCorpusFileGivesSnakeYamlsDocumentsOrIsLeftToIt() {
    int read = 0;
    for (String name : YamlReaderFuzzTest.CORPUS) {
      String text = corpus(name);
      Optional<List<YamlDocument>> common = CommonYaml.read(name, text);
      if (common.isPresent()) {
        read++;
        assertSameDocuments(common.get(), YamlReader.compose(name, text));
      }
    }
    assertThat(read).isGreaterThan(5);
  }

  @Test
  void generatedDocumentsGiveSnakeYamlsDocumentsOrAreLeftToIt() {
    SplittableRandom random = new SplittableRandom(16);
    int read = 0;
    int tries = 20_000;
    for (int round = 0; round < tries; round++) {
      StringBuilder text = new StringBuilder();
      int documents = 1 + random.nextInt(3);
      for (int d = 0; d < documents; d++) {
        if (d > 0 || random.nextInt(4) == 0) {
          text.append(odd(random) ? "--- a\n" : "---\n");
        }
        blockMapping(random, text, 0, 0);
      }
      String yaml = text.toString();
      Optional<List<YamlDocument>> common = CommonYaml.read("g.yaml", yaml);
      if (common.isPresent()) {
        read++;
        List<YamlDocument> composed;
        try {
          composed = YamlReader.compose("g.yaml", yaml);
        } catch (ManifestException e) {
          throw new AssertionError("SnakeYAML refuses what was read:\n" + yaml, e);
        }
        assertSameDocuments(common.get(), composed, yaml);
      }
    }
    // the shapes are common enough that a good share of the generated files is read
    assertThat(read).isBetween(tries / 20, tries - tries / 20);
  }

  private static void blockMapping(
      SplittableRandom random, StringBuilder text, int indent, int depth) {
    int entries = 1 + random.nextInt(4);
    for (int i = 0; i < entries; i++) {
      if (random.nextInt(8) == 0) {
        text.append(" ".repeat(random.nextInt(4))).append("# comment: - [\n");
      }
      if (random.nextInt(10) == 0) {
        text.append('\n');
      }
      int shift = odd(random) ? random.nextInt(3) - 1 : 0;
      text.append(" ".repeat(Math.max(0, indent + shift)));
      text.append(key(random, i)).append(':');
      value(random, text, indent, depth);
    }
  }

  /** After a key's colon: a value on the line, or a comment and a block below. */
  private static void value(SplittableRandom random, StringBuilder text, int indent, int depth) {
    if (depth < 4 && random.nextInt(3) == 0) {
      text.append(pick(random, COMMENTS)).append('\n');
      switch (random.nextInt(5)) {
        case 0 -> blockMapping(random, text, indent + 1 + random.nextInt(3), depth + 1);
        case 1 -> blockSequence(random, text, indent, depth + 1);
        case 2 -> blockSequence(random, text, indent + 2, depth + 1);
        case 3 -> {
          if (random.nextBoolean()) {
            text.append(" ".repeat(indent + 2)).append(value(random)).append('\n');
          }
        }
        default -> {
          // an empty value
        }
      }
      return;
    }
    text.append(odd(random) ? "" : " ".repeat(1 + random.nextInt(2)));
    text.append(value(random));
    text.append(random.nextInt(10) == 0 ? "  " : "").append(pick(random, COMMENTS)).append('\n');
    if (odd(random)) {
      text.append(" ".repeat(indent + 2)).append("continued\n");
    }
  }

  private static void blockSequence(
      SplittableRandom random, StringBuilder text, int indent, int depth) {
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      text.append(" ".repeat(indent)).append(odd(random) ? "-" : "- ");
      int extra = random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0;
      text.append(" ".repeat(extra));
      int column = indent + 2 + extra;
      switch (random.nextInt(4)) {
        case 0 -> {
          text.append(key(random, 9)).append(':');
          value(random, text, column, depth + 1);
          if (random.nextBoolean()) {
            blockMapping(random, text, column, depth + 1);
          }
        }
        case 1 -> text.append(odd(random) ? "- x\n" : odd(random) ? "#c\n" : "{k: v}\n");
        default -> text.append(value(random)).append(pick(random, COMMENTS)).append('\n');
      }
    }
  }

  /** Whether to write something rare: a few of these in a file that is otherwise common. */
  private static boolean odd(SplittableRandom random) {
    return random.nextInt(50) == 0;
  }

  private static String key(SplittableRandom random, int entry) {
    return odd(random) ? pick(random, KEYS) : "k" + entry;
  }

  private static String value(SplittableRandom random) {
    return odd(random) ? pick(random, ODD_VALUES) : pick(random, VALUES);
  }

  private static String pick(SplittableRandom random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static void assertSameDocuments(List<YamlDocument> read, List<YamlDocument> composed) {
    assertSameDocuments(read, composed, "");
  }

  private static void assertSameDocuments(
      List<YamlDocument> read, List<YamlDocument> composed, String text) {
    assertThat(read).as(text).hasSize(composed.size());
    for (int i = 0; i < read.size(); i++) {
      YamlDocument a = read.get(i);
      YamlDocument b = composed.get(i);
      assertThat(a.file()).as(text).isEqualTo(b.file());
      assertThat(a.line()).as(text).isEqualTo(b.line());
      // toString keeps the key order, equals tells an int from a long or a string
      assertThat(a.tree().toString()).as(text).isEqualTo(b.tree().toString());
      assertThat(a.tree()).as(text).isEqualTo(b.tree());
      assertThat(new HashMap<>(a.fieldLines())).as(text).isEqualTo(new HashMap<>(b.fieldLines()));
    }
  }

  static String corpus(String name) {
    return new String(YamlReaderFuzzTest.corpus(name), StandardCharsets.UTF_8);
  }
}
