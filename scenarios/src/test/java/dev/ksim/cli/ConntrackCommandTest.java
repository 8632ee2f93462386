package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConntrackCommandTest {
  private static final String APP = "../examples/nginx.yaml";

  @Test
  void threeCurlsFromTheMasterLeaveThreeClosedConnectionsAsTheTutorialShows() {
    KsimCommandTest.Run run =
        ksim(
            "conntrack",
            "-f",
            APP,
            "--node",
            "k8s-master",
            "--curl",
            "10.106.252.105:8080",
            "--count",
            "3",
            "--",
            "-L",
            "-d",
            "10.106.252.105");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = Arrays.asList(run.out().split("\n"));
    assertThat(lines).hasSize(3);
    // conntrack -L: original tuple from the node, reply tuple from the chosen pod back to the
    // node's address with MASQUERADE's port, closed connections in TIME_WAIT
    assertThat(lines)
        .allMatch(
            l ->
                l.matches(
                    "tcp      6 120 TIME_WAIT src=192\\.168\\.80\\.100 dst=10\\.106\\.252\\.105"
                        + " sport=\\d+ dport=8080 src=10\\.244\\.[12]\\.3 dst=192\\.168\\.80\\.100"
                        + " sport=80 dport=\\d+ \\[ASSURED\\] mark=0 use=1"));
    assertThat(run.err())
        .contains("conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.");
  }

  @Test
  void withoutTrafficTheTableIsEmpty() {
    KsimCommandTest.Run run = ksim("conntrack", "-f", APP, "--node", "k8s-node01", "--", "-L");

    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("0 flow entries have been shown.");
  }
}
