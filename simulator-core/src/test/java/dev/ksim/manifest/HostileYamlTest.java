package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.input.KsimInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed manifests are refused as kubectl's YAML decoder (sigs.k8s.io/yaml's
 * goyaml.v2) and the API server refuse them, with the file and line; what kubectl accepts is
 * accepted. Each refusal is a {@link KsimInputException} (exit 2 on the command line).
 */
@Timeout(60)
class HostileYamlTest {
  @TempDir Path dir;

  /** Where and why a manifest was refused. */
  private record Refusal(String file, int line, String message) {}

  private static Refusal refusal(String text) {
    try {
      ManifestLoader.parse("m.yaml", text);
    } catch (KsimInputException e) {
      return new Refusal(e.location().file(), e.location().line(), e.getMessage());
    }
    throw new AssertionError("accepted: " + text);
  }

  /** goyaml.v2 decode.go: "anchor '%s' value contains itself". */
  @Test
  void anAnchorThatContainsItselfIsRefused() {
    assertThat(refusal("apiVersion: v1\nkind: ConfigMap\nx: &a [*a]\n"))
        .isEqualTo(
            new Refusal(
                "m.yaml",
                3,
                "error converting YAML to JSON: yaml: line 3: anchor 'a' value contains itself"));
  }

  /**
   * An alias bomb under SnakeYAML's own alias limit (16 levels of three aliases, 48 aliases) is
   * refused after a bounded amount of work, as goyaml.v2's allowedAliasRatio refuses it: "document
   * contains excessive aliasing".
   */
  @Test
  void anAliasBombUnderSnakeYamlsLimitIsRefusedEarly() {
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\"]\n");
    for (char level = 'b'; level <= 'p'; level++) {
      char previous = (char) (level - 1);
      bomb.append(
          String.format("%c: &%c [*%c,*%c,*%c]%n", level, level, previous, previous, previous));
    }

    assertThat(refusal(bomb.toString()).message())
        .isEqualTo(
            "error converting YAML to JSON: yaml: line 1: document contains excessive aliasing");
  }

  /**
   * Duplicate keys are refused as kubectl's strict client-side decoding refuses them (yaml.v3
   * decode.go: "mapping key %#v already defined at line %d"); this also catches two documents
   * joined by a commented-out separator.
   */
  @Test
  void aDuplicateKeyIsRefusedWithBothLines() {
    Refusal refused =
        refusal(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            #---
            apiVersion: v1
            kind: ConfigMap
            """);

    assertThat(refused.line()).isEqualTo(6);
    assertThat(refused.message())
        .isEqualTo(
            "error converting YAML to JSON: yaml: unmarshal errors:\n"
                + "  line 6: mapping key \"apiVersion\" already defined at line 1");
  }

  /** YAML 1.1 merge keys, which goyaml.v2 applies: explicit keys win over merged ones. */
  @Test
  void mergeKeysAreApplied() {
    Manifests manifests =
        ManifestLoader.parse(
            "m.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
              annotations: &common
                app: web
                tier: back
              labels:
                <<: *common
                tier: front
            """);

    assertThat(manifests.objects().get(0).object().getMetadata().getLabels())
        .containsOnly(Map.entry("app", "web"), Map.entry("tier", "front"));
  }

  /**
   * A 10 MB scalar is refused before it is parsed, as kube-apiserver refuses a request body over 3
   * MiB (apiserver/pkg/server/config.go MaxRequestBodyBytes).
   */
  @Test
  void aTenMegabyteScalarIsRefusedBeforeParsing() {
    assertThat(refusal("data: " + "x".repeat(10_000_000) + "\n"))
        .isEqualTo(new Refusal("m.yaml", 1, "Request entity too large: limit is 3145728"));
  }

  /** Comments do not count towards an object's size: kubectl strips them before sending. */
  @Test
  void tenMegabytesOfCommentsAreAccepted() {
    String comments = "# a comment line, as long as many\n".repeat(300_000);

    Manifests manifests =
        ManifestLoader.parse(
            "m.yaml", comments + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

    assertThat(manifests.objects()).hasSize(1);
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWithItsLine() {
    byte[] latin1 =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(
            () -> new ManifestLoader(new ByteArrayInputStream(latin1)).load(List.of("-")))
        .isInstanceOf(KsimInputException.class)
        .satisfies(e -> assertThat(((KsimInputException) e).location().line()).isEqualTo(3))
        .hasMessageStartingWith("not UTF-8 text: octet 0xE9");
  }

  /** {@code -f /dev/zero}: the read stops at the bound instead of filling the memory. */
  @Test
  void anEndlessInputIsReadOnlyUpToTheBound() {
    java.io.InputStream endless =
        new java.io.InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0);
            return len;
          }
        };

    assertThatThrownBy(() -> new ManifestLoader(endless).load(List.of("-")))
        .isInstanceOf(KsimInputException.class)
        .hasMessage("larger than 16 MiB, the most ksim reads from one input");
  }

  @Test
  void aDirectoryGivenAsAFileIsNamedAsSuch() {
    assertThatThrownBy(() -> TextFiles.read(dir))
        .isInstanceOf(KsimInputException.class)
        .hasMessage("is a directory, not a file");
  }

  @Test
  void anEmptyDeviceReadsAsNoManifests() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");

    assertThat(new ManifestLoader(System.in).load(List.of(empty.toString())).objects()).isEmpty();
  }

  /**
   * Unknown fields are refused as kubectl's default --validate=strict has the API server refuse
   * them (apimachinery's strict decoding: "strict decoding error: unknown field").
   */
  @Test
  void anUnknownFieldIsRefusedByDefault() {
    Refusal refused =
        refusal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replica: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: c, image: nginx}]
            """);

    assertThat(refused)
        .isEqualTo(
            new Refusal(
                "m.yaml",
                6,
                "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding"
                    + " error: unknown field \"spec.replica\" (--validate=warn applies it anyway)"));
  }

  @Test
  void validateIgnoreAppliesUnknownFieldsSilently() {
    Manifests manifests =
        ManifestLoader.parse(
            "m.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndta: {}\n",
            FieldValidation.IGNORE);

    assertThat(manifests.objects()).hasSize(1);
    assertThat(manifests.warnings()).isEmpty();
  }

  /**
   * {@code port: 80.5}: Go's encoding/json refuses a fraction for an int32 field ("cannot unmarshal
   * number 80.5 into Go struct field ServicePort.spec.ports.port of type int32").
   */
  @Test
  void aFractionalPortIsRefusedAsGoRefusesIt() {
    Refusal refused =
        refusal(
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - port: 80.5\n");

    assertThat(refused)
        .isEqualTo(
            new Refusal(
                "m.yaml",
                6,
                "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal"
                    + " number 80.5 into Go struct field ServicePort.spec.ports.port of type"
                    + " int32"));
  }
}
