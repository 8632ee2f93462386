package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TraceCommandTest {
  private static final String APP = "../examples/nginx.yaml";

  @Test
  void aNodeToTheApiServerServiceIsDnatedToTheAdvertisedAddressAndDelivered() {
    KsimCommandTest.Run run =
        ksim("trace", "-f", APP, "--from", "node/k8s-node01", "--to", "10.96.0.1:443");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("tcp 192.168.80.101:")
        .contains("verdict DELIVERED   endpoint 192.168.80.100:6443")
        .contains("hop 1  k8s-node01  host")
        .contains("dnat         dst 10.96.0.1:443 -> 192.168.80.100:6443")
        .contains("hop 2  k8s-master  host")
        .contains("delivered    kube-apiserver on tcp/6443");
  }

  @Test
  void theSameSeedGivesTheSameTraceByteForByte() {
    String[] args = {
      "trace", "-f", APP, "--from", "203.0.113.5", "--to", "192.168.80.101:22", "-o", "json"
    };

    assertThat(ksim(args).out()).isEqualTo(ksim(args).out());
  }

  @Test
  void anUnknownPodIsBadInput() {
    KsimCommandTest.Run run =
        ksim("trace", "-f", APP, "--from", "pod/nope", "--to", "10.96.0.1:443");

    assertThat(run.exit()).isEqualTo(KsimCommand.BAD_INPUT);
    assertThat(run.err()).contains("--from").contains("no pod default/nope");
    assertThat(run.out()).isEmpty();
  }
}
