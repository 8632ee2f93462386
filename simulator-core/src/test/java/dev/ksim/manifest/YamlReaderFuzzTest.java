package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.input.KsimInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the manifest reader: whatever the bytes, reading them gives manifests or a {@link
 * KsimInputException} with the file (exit 2), never another exception, a hang or a blowup. Every
 * build replays the corpus in src/test/resources/fuzz/yaml and a few hundred generated inputs;
 * {@code -Pfuzz} raises the tries to 100000.
 */
class YamlReaderFuzzTest {
  static final List<String> CORPUS =
      List.of(
          "rec0",
          "rec1",
          "rec2",
          "rec3",
          "rec4",
          "rec5",
          "bomb16x3",
          "bomb9x9",
          "dup0",
          "dup1",
          "dup2",
          "dup3",
          "dup4",
          "dupcase",
          "merge0",
          "merge1",
          "merge2",
          "merge3",
          "merge4",
          "unk0",
          "unk1",
          "float0",
          "float1",
          "latin1",
          "utf16",
          "bom",
          "badcont",
          "nul",
          "svc0",
          "svc2",
          "lbsr0",
          "node0",
          "node2",
          "ka0",
          "ka3",
          "app",
          "nginx",
          "tags",
          "scalars",
          "documents");

  static byte[] corpus(String name) {
    String resource = "/fuzz/yaml/" + name + ".yaml";
    try (InputStream in = YamlReaderFuzzTest.class.getResourceAsStream(resource)) {
      return Objects.requireNonNull(in, resource).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code bytes} as ksim reads -f: manifests, or an input error naming the file. */
  private static void readsOrRefuses(byte[] bytes) {
    try {
      new ManifestLoader(new java.io.ByteArrayInputStream(bytes)).load(List.of("-"));
    } catch (KsimInputException e) {
      assertThat(e.location().file()).isEqualTo("-");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Example
  void everyCorpusFileIsReadOrRefusedWithTheFile() {
    for (String name : CORPUS) {
      readsOrRefuses(corpus(name));
    }
  }

  @Property
  void generatedYamlIsReadOrRefused(@ForAll("yaml") String text) {
    readsOrRefuses(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property
  void mutatedCorpusIsReadOrRefused(@ForAll("mutations") byte[] bytes) {
    readsOrRefuses(bytes);
  }

  /** Text from YAML's own punctuation, keys of manifests and a little of everything else. */
  @Provide
  Arbitrary<String> yaml() {
    Arbitrary<String> tokens =
        Arbitraries.oneOf(
            Arbitraries.of(
                "apiVersion: v1\n",
                "kind: ConfigMap\n",
                "kind: Service\n",
                "metadata:\n",
                "  name: a\n",
                "spec:\n",
                "  ports:\n",
                "  - port: 80\n",
                "&a ",
                "*a",
                "<<: ",
                "[",
                "]",
                "{",
                "}",
                ", ",
                ": ",
                "- ",
                "\n",
                "  ",
                "#",
                "---\n",
                "...\n",
                "|\n",
                ">\n",
                "\"",
                "'",
                "!!str ",
                "!!binary ",
                "? ",
                "%YAML 1.1\n",
                "\t",
                "\\u0000"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8),
            Arbitraries.strings().all().ofMaxLength(3));
    return tokens.list().ofMaxSize(60).map(parts -> String.join("", parts));
  }

  /** A corpus file with bytes replaced, inserted or cut. */
  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<byte[]> seeds = Arbitraries.of(CORPUS).map(YamlReaderFuzzTest::corpus);
    return Combinators.combine(
            seeds,
            Arbitraries.integers().between(0, 4096),
            Arbitraries.bytes(),
            Arbitraries.of("replace", "insert", "cut"))
        .as(YamlReaderFuzzTest::mutate);
  }

  static byte[] mutate(byte[] seed, int at, byte value, String how) {
    if (seed.length == 0) {
      return new byte[] {value};
    }
    int i = at % seed.length;
    return switch (how) {
      case "replace" -> {
        byte[] copy = seed.clone();
        copy[i] = value;
        yield copy;
      }
      case "insert" -> {
        byte[] longer = new byte[seed.length + 1];
        System.arraycopy(seed, 0, longer, 0, i);
        longer[i] = value;
        System.arraycopy(seed, i, longer, i + 1, seed.length - i);
        yield longer;
      }
      default -> Arrays.copyOf(seed, i);
    };
  }
}
