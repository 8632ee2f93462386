package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cli.KsimCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workload whose update strategy upstream refuses is bad input through the command line: one
 * error naming the file, the line and the field, exit status 2, and nothing of the file applied.
 */
@Timeout(60)
class WorkloadStrategyRefusalTest {
  @TempDir Path dir;

  private static final String TEMPLATE =
      """
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: web, image: nginx}]
      """;

  /**
   * Applying {@code manifest} (then listing everything of the default namespace) exits 2 having
   * printed only {@code error} after the file's name.
   */
  private static void assertRefused(Path manifest, String error) {
    Run run = ksim("kubectl", "-f", manifest.toString(), "--", "get", "all,cm");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: " + manifest + error + "\n");
  }

  @Test
  void aRecreateDeploymentWithARollingUpdateIsRefused() throws Exception {
    Path bad = dir.resolve("recreate.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: before}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          strategy:
            type: Recreate
            rollingUpdate:
              maxSurge: 1
        """
            + TEMPLATE);

    assertRefused(
        bad,
        ":12: spec.strategy.rollingUpdate: The Deployment \"web\" is invalid:"
            + " spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy"
            + " `type` is 'Recreate'");
  }

  @Test
  void aDaemonSetWithBothLimitsSetIsRefused() throws Exception {
    Path bad = dir.resolve("daemonset.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: web
        spec:
          updateStrategy:
            rollingUpdate:
              maxSurge: 1
        """
            + TEMPLATE);

    assertRefused(
        bad,
        ":8: spec.updateStrategy.rollingUpdate.maxSurge: The DaemonSet \"web\" is invalid:"
            + " spec.updateStrategy.rollingUpdate.maxSurge: Invalid value:"
            + " intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when"
            + " maxUnavailable is non-zero");
  }
}
