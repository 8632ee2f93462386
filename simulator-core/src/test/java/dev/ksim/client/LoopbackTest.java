package dev.ksim.client;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.KubeProxyConfigMaps;
import dev.ksim.testing.TestClusters;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loopback traffic of a process on a node or in a pod: it leaves from 127.0.0.1 through {@code lo}
 * (so KUBE-FIREWALL's "block incoming localnet connections" rule, which drops only non-loopback
 * sources, lets it by), a NodePort answers on 127.0.0.1 in iptables mode (route_localnet) but not
 * in ipvs mode, and {@code localhost} is read from /etc/hosts without asking DNS.
 */
@Timeout(120)
class LoopbackTest {
  private static final String NODE = "node/k8s-node01";

  private static Cluster cluster() {
    return TestClusters.start(
        yaml(
            deployment("web", 2),
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]
            """));
  }

  private static Trace connect(Cluster cluster, String source, String destination, int port) {
    return Objects.requireNonNull(
        new Client(cluster, Recording.MATCHED, source, null)
            .requests(new IpPort(IpAddress.parse(destination), port), 1, Duration.ZERO)
            .get(0)
            .trace());
  }

  @Test
  void aNodePortOnLocalhostIsServedInIptablesMode() {
    Cluster cluster = cluster();

    Trace trace = connect(cluster, NODE, "127.0.0.1", 30080);

    assertThat(trace.source().ip()).isEqualTo(IpAddress.parse("127.0.0.1"));
    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(Objects.requireNonNull(trace.backend()).pod()).startsWith("web-");
    assertThat(trace.masqueraded()).isTrue();
  }

  @Test
  void ipvsModeDoesNotAnswerANodePortOnLocalhost() {
    Cluster cluster = cluster();
    KubeProxyConfigMaps.setMode(cluster, "ipvs");
    cluster.runUntilQuiet();
    cluster.restartKubeProxies();

    Trace trace = connect(cluster, NODE, "127.0.0.1", 30080);

    assertThat(trace.verdict()).isEqualTo(Verdict.REFUSED);
    assertThat(connect(cluster, NODE, "192.168.80.101", 30080).verdict())
        .isEqualTo(Verdict.DELIVERED);
  }

  @Test
  void localhostOnANodeComesFromEtcHostsWithoutADnsQuery() {
    Cluster cluster = cluster();

    Client.Lookup lookup = new Client(cluster, Recording.NONE, NODE, null).resolve("localhost");

    assertThat(lookup.lookup().address()).contains(IpAddress.parse("127.0.0.1"));
    assertThat(lookup.queries()).isEmpty();
    assertThat(lookup.lookup().exchanges()).isEmpty();
  }

  @Test
  void aPodsOwnNameAndLocalhostComeFromItsEtcHosts() {
    Cluster cluster = cluster();
    String pod =
        cluster.store().list(ResourceType.POD).stream()
            .filter(p -> p.getMetadata().getName().startsWith("web-"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    Client client = new Client(cluster, Recording.NONE, "pod/default/" + pod, null);

    Optional<IpAddress> own = client.resolve(pod).lookup().address();

    assertThat(client.resolve("LOCALHOST").lookup().address())
        .contains(IpAddress.parse("127.0.0.1"));
    assertThat(own).isPresent();
    assertThat(own.orElseThrow().toString()).startsWith("10.244.");
  }

  @Test
  void aPodReachesItsOwnLoopback() {
    Cluster cluster = cluster();
    String pod =
        cluster.store().list(ResourceType.POD).stream()
            .filter(p -> p.getMetadata().getName().startsWith("web-"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();

    Trace trace = connect(cluster, "pod/default/" + pod, "127.0.0.1", 80);

    assertThat(trace.source().ip()).isEqualTo(IpAddress.parse("127.0.0.1"));
    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
  }
}
