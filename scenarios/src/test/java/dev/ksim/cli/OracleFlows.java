package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.net.IpPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays the packet flows of a suite of kube-proxy reference cases (copied from ../shared/oracle
 * into src/test/resources/oracle) through {@code ksim trace --batch}, with the comparison rules of
 * that folder's README.md: the whole candidate set, the chosen endpoint among it, the masquerade
 * flag, and the verdict of flows that expect one.
 */
final class OracleFlows {
  private OracleFlows() {}

  /** One test per case of {@code suite} that has a flows.json; there must be {@code atLeast}. */
  static Stream<DynamicTest> everyCase(Path suite, int atLeast) throws IOException {
    assertThat(suite).as("the reference cases copied from shared/oracle").isDirectory();
    List<Path> cases;
    try (Stream<Path> files = Files.walk(suite)) {
      cases = files.filter(p -> p.endsWith("flows.json")).map(Path::getParent).sorted().toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(atLeast);
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(suite.relativize(dir).toString(), () -> check(dir)));
  }

  private static void check(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode flows = json.readTree(dir.resolve("flows.json").toFile());
    KsimCommandTest.Run run =
        KsimCommandTest.ksim(
            "trace",
            "-f",
            dir.resolve("manifests.yaml").toString(),
            "--batch",
            dir.resolve("flows.json").toString(),
            "-o",
            "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode results = json.readTree(run.out());
    assertThat(results.size()).isEqualTo(flows.size());
    for (int i = 0; i < flows.size(); i++) {
      JsonNode flow = flows.get(i);
      JsonNode result = results.get(i);
      String name = flow.get("name").asText();
      assertThat(result.get("name").asText()).isEqualTo(name);
      assertThat(result.get("masqueraded").asBoolean())
          .as(name)
          .isEqualTo(flow.get("masquerade").asBoolean());
      JsonNode expect = flow.get("expect");
      Set<IpPort> candidates = addresses(result.get("candidates"));
      if (expect.has("endpoints")) {
        assertThat(candidates).as(name).isEqualTo(addresses(expect.get("endpoints")));
        assertThat(candidates).as(name).contains(parse(result.get("endpoint").asText()));
      } else {
        assertThat(candidates).as(name).isEmpty();
        assertThat(result.get("endpoint").isNull()).as(name).isTrue();
        assertThat(result.get("verdict").asText())
            .as(name)
            .isIn(verdicts(expect.get("verdict").asText()));
      }
    }
  }

  /** The trace verdicts an expected filter verdict allows (../shared/oracle/README.md). */
  private static List<String> verdicts(String expected) {
    return switch (expected) {
      case "DROP" -> List.of("DROPPED");
      case "REJECT" -> List.of("REJECTED");
      case "ACCEPT" -> List.of("DELIVERED", "REFUSED");
      default -> List.of("DELIVERED", "REFUSED", "UNREACHABLE");
    };
  }

  private static Set<IpPort> addresses(JsonNode list) {
    List<IpPort> result = new ArrayList<>();
    list.forEach(n -> result.add(parse(n.asText())));
    return new TreeSet<>(result);
  }

  private static IpPort parse(String text) {
    return IpPort.tryParse(text).orElseThrow(() -> new AssertionError("not ip:port: " + text));
  }
}
