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

  @Test
  void withVxlanPodTrafficBetweenNodesIsWrappedAndUnwrappedBothWays() throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "trace",
            "-f",
            APP,
            "--pod-network",
            "vxlan",
            "--from",
            "pod/nginx-769bcdb9d6-7pf5j",
            "--to",
            "10.244.2.3:80",
            "-o",
            "json");

    assertThat(run.exit()).as(run.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode trace =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(trace.get("verdict").asText()).isEqualTo("DELIVERED");
    assertThat(trace.get("backend").get("node").asText()).isEqualTo("k8s-node02");
    assertThat(trace.get("reply").get("returned").asBoolean()).isTrue();
    // the outer packet goes node to node on the VXLAN port; the inner one enters by flannel.1
    assertThat(run.out())
        .contains("\"outerSource\" : \"192.168.80.101:")
        .contains("\"outerDestination\" : \"192.168.80.102:8472\"")
        .contains("\"outerDestination\" : \"192.168.80.101:8472\"")
        .contains("\"action\" : \"DECAPSULATED\"");
  }

  @Test
  void withHostGwPodTrafficIsRoutedAsItIs() {
    KsimCommandTest.Run run =
        ksim("trace", "-f", APP, "--from", "pod/nginx-769bcdb9d6-7pf5j", "--to", "10.244.2.3:80");

    assertThat(run.out())
        .contains("verdict DELIVERED")
        .doesNotContain("vxlan")
        .doesNotContain("flannel.1");
  }
}
