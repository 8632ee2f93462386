package dev.ksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.input.KsimInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * Fuzzes the scenario parser: whatever the text, parsing gives a scenario or a {@link
 * KsimInputException} naming the file (exit 2), never another exception. Every build replays the
 * corpus in src/test/resources/fuzz/scenario and a few hundred generated inputs; {@code -Pfuzz}
 * raises the tries to 100000.
 */
class ScenarioParserFuzzTest {
  private static final List<String> CORPUS =
      List.of(
          "seed0",
          "seed2",
          "wait0",
          "wait1",
          "wait5",
          "wait6",
          "key0",
          "key2",
          "key4",
          "misc0",
          "misc3",
          "misc5",
          "misc6",
          "misc7",
          "misc8",
          "apply0",
          "tutorial-clusterip");

  private static String corpus(String name) {
    String resource = "/fuzz/scenario/" + name + ".yaml";
    try (InputStream in = ScenarioParserFuzzTest.class.getResourceAsStream(resource)) {
      return new String(
          Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void parsesOrRefuses(String text) {
    try {
      ScenarioParser.parse("s.yaml", text, null);
    } catch (KsimInputException e) {
      assertThat(e.location().file()).isEqualTo("s.yaml");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Example
  void everyCorpusFileIsParsedOrRefusedWithTheFile() {
    for (String name : CORPUS) {
      parsesOrRefuses(corpus(name));
    }
  }

  @Property
  void generatedScenariosAreParsedOrRefused(@ForAll("scenarios") String text) {
    parsesOrRefuses(text);
  }

  @Property
  void mutatedCorpusIsParsedOrRefused(@ForAll("mutations") String text) {
    parsesOrRefuses(text);
  }

  /** A name and steps built from the format's keys with arbitrary values. */
  @Provide
  Arbitrary<String> scenarios() {
    Arbitrary<String> key =
        Arbitraries.of(
            "say",
            "apply",
            "delete",
            "scale",
            "patch",
            "edit",
            "restart",
            "wait",
            "run",
            "trace",
            "expect",
            "on",
            "in",
            "count",
            "settle",
            "seed",
            "contains",
            "exit",
            "replicas",
            "target",
            "from",
            "to",
            "set",
            "merge");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "5s",
                "9999999999999999h",
                "until-quiet",
                "-1",
                "1.5",
                "deployment/web",
                "curl http://10.96.0.1/",
                "cat /etc/resolv.conf",
                "kubectl get pods | grep a",
                "\"(\"",
                "{}",
                "[]",
                "null",
                "../x.yaml",
                "|\n    apiVersion: v1",
                "&a [*a]"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12));
    Arbitrary<String> step =
        Combinators.combine(key, value, key, value)
            .as((k1, v1, k2, v2) -> "- " + k1 + ": " + v1 + "\n  " + k2 + ": " + v2 + "\n");
    return Combinators.combine(
            Arbitraries.of("", "seed: 7\n", "seed: abc\n", "modes: [iptables]\n", "cluster: x\n"),
            step.list().ofMaxSize(5))
        .as((head, steps) -> "name: t\n" + head + "steps:\n" + String.join("", steps));
  }

  /** A corpus file with one character replaced, inserted or cut. */
  @Provide
  Arbitrary<String> mutations() {
    return Combinators.combine(
            Arbitraries.of(CORPUS).map(ScenarioParserFuzzTest::corpus),
            Arbitraries.integers().between(0, 8192),
            Arbitraries.chars(),
            Arbitraries.of("replace", "insert", "cut"))
        .as(
            (seed, at, c, how) -> {
              if (seed.isEmpty()) {
                return String.valueOf(c);
              }
              int i = at % seed.length();
              return switch (how) {
                case "replace" -> seed.substring(0, i) + c + seed.substring(i + 1);
                case "insert" -> seed.substring(0, i) + c + seed.substring(i);
                default -> seed.substring(0, i);
              };
            });
  }
}
