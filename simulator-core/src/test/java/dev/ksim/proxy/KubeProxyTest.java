package dev.ksim.proxy;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KubeProxyTest {
  private static String natRules(Cluster cluster, String node) {
    return IptablesSaveWriter.save(
        cluster.nodeNetworks().get(node).kernel().ruleset(IpFamily.IPV4), "now", null, false);
  }

  @Test
  void everyNodeProgramsTheServiceAndForgetsItWhenItIsDeleted() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 2), service("web")));

    for (String node : cluster.nodeNetworks().keySet()) {
      assertThat(natRules(cluster, node))
          .contains("-A KUBE-SERVICES -d ")
          .contains("\"default/web:http cluster IP\"")
          .contains("-j KUBE-SEP-");
    }
    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.runUntilQuiet();

    assertThat(natRules(cluster, "k8s-node01")).doesNotContain("default/web:http");
  }

  @Test
  void syncsAreAtLeastMinSyncPeriodApart() {
    Cluster cluster = TestClusters.start(service("web"));
    KubeProxy proxy = java.util.Objects.requireNonNull(cluster.kubeProxies().get("k8s-node01"));
    cluster.advance(Duration.ofSeconds(5));
    long before = proxy.syncs();

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.advance(Duration.ofMillis(10));
    long afterFirst = proxy.syncs();
    cluster
        .store()
        .create(
            ResourceType.SERVICE,
            new ServiceBuilder()
                .withNewMetadata()
                .withName("again")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .build());
    cluster.advance(Duration.ofMillis(500));
    long withinPeriod = proxy.syncs();
    cluster.advance(Duration.ofMillis(600));

    // the first change syncs at once (the last sync is long past); the second waits for
    // minSyncPeriod (1s) after it, as upstream's BoundedFrequencyRunner does
    assertThat(afterFirst).isEqualTo(before + 1);
    assertThat(withinPeriod).isEqualTo(afterFirst);
    assertThat(proxy.syncs()).isEqualTo(afterFirst + 1);
    assertThat(natRules(cluster, "k8s-node01")).contains("default/again:http");
  }
}
