package dev.ksim.coredns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CoreDNS's start-up banner, as {@code kubectl logs} shows it. */
class CoreDnsProcessTest {
  private static final String COREFILE =
      """
      .:53 {
          errors
          kubernetes cluster.local in-addr.arpa ip6.arpa
          forward . /etc/resolv.conf
          reload
      }
      """;

  @Test
  void printsTheServedZoneTheReloadDigestTheVersionAndTheBuild() {
    List<String> banner = CoreDnsProcess.banner(COREFILE, Map.of(), "v1.12.1");

    assertThat(banner).hasSize(4);
    assertThat(banner.get(0)).isEqualTo(".:53");
    assertThat(banner.get(1))
        .matches("\\[INFO] plugin/reload: Running configuration SHA512 = [0-9a-f]{128}");
    assertThat(banner.subList(2, 4))
        .containsExactly("CoreDNS-1.12.1", "linux/amd64, go1.24.1, 707c7c1");
  }

  @Test
  void listsEveryZoneSortedPerPortAndLeavesOutTheDigestWithoutReload() {
    List<String> banner =
        CoreDnsProcess.banner(
            "Example.ORG:1053 {\n  whoami\n}\n.:1053 {\n  whoami\n}\ncluster.local {\n  whoami\n}\n",
            Map.of(),
            "v1.11.1");

    assertThat(banner)
        .containsExactly(".:1053", "example.org.:1053", "cluster.local.:53", "CoreDNS-1.11.1");
  }

  @Test
  void theDigestChangesWithTheCorefile() {
    String before = CoreDnsProcess.banner(COREFILE, Map.of(), "v1.12.1").get(1);
    String after =
        CoreDnsProcess.banner(COREFILE.replace("errors", "log"), Map.of(), "v1.12.1").get(1);

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  @Timeout(60)
  void theClustersCoreDnsPodsLogTheBanner() {
    Cluster cluster = TestClusters.start("");
    Pod coredns =
        cluster.store().<Pod>list(ResourceType.POD).stream()
            .filter(ClusterDns::runsCoreDns)
            .findFirst()
            .orElseThrow();

    List<String> logs =
        cluster
            .containerLogs()
            .current("kube-system", coredns.getMetadata().getName(), "coredns")
            .orElseThrow();

    assertThat(logs.get(0)).isEqualTo(".:53");
    assertThat(logs).contains("CoreDNS-1.12.1", "linux/amd64, go1.24.1, 707c7c1");
  }
}
