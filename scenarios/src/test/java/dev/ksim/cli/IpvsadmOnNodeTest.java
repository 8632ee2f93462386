package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ipvsadm on a cluster's node: {@code ksim ipvsadm} and a scenario's {@code run:} steps. */
class IpvsadmOnNodeTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void theTutorialsHandBuiltVirtualServersAsAScenario() {
    KsimCommandTest.Run run = ksim("run", "src/test/resources/ipvs/hand-built-ipvs.yaml");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
  }

  @Test
  @Timeout(120)
  void ksimIpvsadmListsANodesEmptyTableAndRefusesWithIpvsadmsWords() throws Exception {
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "");
    KsimCommandTest.Run list =
        ksim("ipvsadm", "-f", empty.toString(), "--node", "k8s-node01", "--", "-Ln");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .isEqualTo(
            "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
    KsimCommandTest.Run refused =
        ksim(
            "ipvsadm",
            "-f",
            empty.toString(),
            "--node",
            "k8s-node01",
            "--",
            "-a",
            "-t",
            "10.96.0.1:443",
            "-r",
            "10.0.0.1");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("Service not defined\n");
  }
}
