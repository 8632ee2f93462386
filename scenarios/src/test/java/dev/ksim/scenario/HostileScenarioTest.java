package dev.ksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.input.KsimInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files ksim cannot run as written are refused with the file, line and field. */
class HostileScenarioTest {
  @TempDir Path dir;

  /** Where and why a scenario was refused. */
  private record Refusal(int line, String field, String message) {}

  private Refusal refusal(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("s.yaml"), text);
    try {
      ScenarioParser.read(file);
    } catch (KsimInputException e) {
      return new Refusal(e.location().line(), String.valueOf(e.location().field()), e.getMessage());
    }
    throw new AssertionError("accepted: " + text);
  }

  private static String scenario(String head, String step) {
    return "name: t\n" + head + "steps:\n- " + step + "\n";
  }

  @Test
  void aSeedThatIsNoIntegerOrTooLargeIsRefused() throws Exception {
    assertThat(refusal(scenario("seed: abc\n", "say: hi")))
        .isEqualTo(
            new Refusal(2, "seed", "seed is an integer from 0 to 9223372036854775807, got abc"));
    assertThat(refusal(scenario("seed: 99999999999999999999\n", "say: hi")).field())
        .isEqualTo("seed");
    assertThat(refusal(scenario("seed: 1.5\n", "say: hi")).field()).isEqualTo("seed");
  }

  @Test
  void aWaitThatOverflowsOrRunsTooLongIsRefused() throws Exception {
    assertThat(refusal(scenario("", "wait: 9999999999999999h")))
        .isEqualTo(
            new Refusal(
                3,
                "steps[0].wait",
                "wait is at most 6h of simulated time (ksim runs every event in between, so a"
                    + " longer wait would take minutes), got 9999999999999999h"));
    assertThat(refusal(scenario("", "wait: 7h")).field()).isEqualTo("steps[0].wait");
  }

  /** scenario.schema.json: apply reads a file in the scenario's folder. */
  @Test
  void applyReadsOnlyInsideTheScenariosFolder() throws Exception {
    assertThat(refusal(scenario("", "apply: ../outside.yaml")))
        .isEqualTo(
            new Refusal(
                3,
                "steps[0].apply",
                "apply reads files in the scenario's folder only, and ../outside.yaml is outside"
                    + " it"));
    assertThat(refusal(scenario("", "apply: /etc/passwd")).field()).isEqualTo("steps[0].apply");
  }

  @Test
  void applyOfAFileInsideTheFolderIsRead() throws Exception {
    Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    Path file = Files.writeString(dir.resolve("s.yaml"), scenario("", "apply: cm.yaml"));

    assertThat(ScenarioParser.read(file).steps()).hasSize(1);
  }

  @Test
  void anUnknownKeyInAStepIsCalledAKey() throws Exception {
    Refusal refused = refusal(scenario("", "say: hi\n  expct: {contains: x}"));

    assertThat(refused.field()).isEqualTo("steps[0].expct");
    assertThat(refused.message())
        .startsWith("unknown key \"expct\" in a step (did you mean expect?)");
  }
}
