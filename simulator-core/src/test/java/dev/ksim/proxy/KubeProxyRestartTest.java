package dev.ksim.proxy;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.proxy.iptables.ChainNames;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-proxy owns its configuration: an edit of the {@code kube-system/kube-proxy} ConfigMap takes
 * effect when kube-proxy restarts and reads it again, and not before (not even at a full resync).
 */
@Timeout(120)
class KubeProxyRestartTest {
  private static final String NODE = "k8s-node01";

  private static Cluster cluster() {
    return TestClusters.start(
        yaml(deployment("web", 2), service("web").replace("spec:\n", "spec:\n  type: NodePort\n")));
  }

  private static String rules(Cluster cluster) {
    return IptablesSaveWriter.save(
        Objects.requireNonNull(cluster.nodeNetworks().get(NODE)).kernel().ruleset(IpFamily.IPV4),
        null,
        null,
        false);
  }

  private static KubeProxy kubeProxy(Cluster cluster) {
    return Objects.requireNonNull(cluster.kubeProxies().get(NODE));
  }

  /**
   * Sets {@code field} (one top-level key, as YAML) in the KubeProxyConfiguration in the ConfigMap,
   * replacing the line of that key if there is one.
   */
  private static void editConfigMap(Cluster cluster, String field) {
    KubeProxyConfigMaps.set(cluster, field);
    cluster.runUntilQuiet();
  }

  static Stream<Arguments> fields() {
    Function<Cluster, String> webClusterChainWithoutSourceMatch =
        c ->
            "-A "
                + ChainNames.cluster(new ServicePortName("default", "web", "http", Protocol.TCP))
                + " -d ";
    return Stream.of(
        Arguments.of("iptables:\n  masqueradeAll: true\n", webClusterChainWithoutSourceMatch),
        Arguments.of("clusterCIDR: 10.240.0.0/12\n", constant("! -s 10.240.0.0/12 -d ")),
        Arguments.of(
            "detectLocalMode: NodeCIDR\n",
            (Function<Cluster, String>)
                c ->
                    "! -s "
                        + Objects.requireNonNull(c.nodeNetworks().get(NODE)).podCidrs().get(0)
                        + " -d "),
        Arguments.of(
            "nodePortAddresses: [192.168.80.0/24]\n",
            constant(
                "-A KUBE-SERVICES -d 192.168.80.101/32 -m comment --comment \"kubernetes service"
                    + " nodeports")),
        Arguments.of(
            "iptables:\n  masqueradeBit: 15\n",
            constant("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x8000/0x8000")),
        Arguments.of(
            "iptables:\n  localhostNodePorts: false\n",
            constant("-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment")));
  }

  private static Function<Cluster, String> constant(String text) {
    return c -> text;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void aFieldTakesEffectAtTheRestartAndNotBefore(String field, Function<Cluster, String> marker) {
    Cluster cluster = cluster();
    String before = rules(cluster);

    editConfigMap(cluster, field);
    cluster.advance(KubeProxy.FULL_SYNC_PERIOD.plusSeconds(1));
    String edited = rules(cluster);
    cluster.restartKubeProxies();
    String restarted = rules(cluster);

    assertThat(before).doesNotContain(marker.apply(cluster));
    assertThat(edited).isEqualTo(before);
    assertThat(restarted).contains(marker.apply(cluster));
  }

  @Test
  void syncPeriodPacesTheFullResyncsOnlyAfterTheRestart() {
    Cluster cluster = cluster();
    editConfigMap(cluster, "mode: ipvs\n");
    cluster.restartKubeProxies();
    editConfigMap(cluster, "ipvs:\n  syncPeriod: 10s\n");
    long edited = kubeProxy(cluster).syncs();
    cluster.advance(Duration.ofSeconds(11));
    long beforeRestart = kubeProxy(cluster).syncs();

    cluster.restartKubeProxies();
    long restarted = kubeProxy(cluster).syncs();
    cluster.advance(Duration.ofSeconds(11));

    assertThat(beforeRestart).isEqualTo(edited);
    assertThat(kubeProxy(cluster).syncs()).isEqualTo(restarted + 1);
  }

  @Test
  void minSyncPeriodSpacesTheSyncsOnlyAfterTheRestart() {
    Cluster cluster = cluster();
    editConfigMap(cluster, "iptables:\n  minSyncPeriod: 5s\n");
    cluster.restartKubeProxies();
    long restarted = kubeProxy(cluster).syncs();

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.advance(Duration.ofSeconds(2));
    long within = kubeProxy(cluster).syncs();
    cluster.advance(Duration.ofSeconds(4));

    assertThat(within).isEqualTo(restarted);
    assertThat(kubeProxy(cluster).syncs()).isEqualTo(restarted + 1);
    assertThat(rules(cluster)).doesNotContain("default/web:http");
  }

  @Test
  void ipvsModeIsPacedByTheIpvsSectionNotTheIptablesOne() {
    Cluster cluster = cluster();
    editConfigMap(cluster, "mode: ipvs\n");
    editConfigMap(cluster, "iptables:\n  minSyncPeriod: 0s\n");
    editConfigMap(cluster, "ipvs:\n  minSyncPeriod: 5s\n  syncPeriod: 20s\n");
    cluster.restartKubeProxies();
    long restarted = kubeProxy(cluster).syncs();
    ServiceKey web =
        ServiceKey.of(Protocol.TCP, new IpPort(IpAddress.parse(clusterIp(cluster)), 8080));

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.advance(Duration.ofSeconds(2));
    long within = kubeProxy(cluster).syncs();
    boolean servedWithin = ipvs(cluster).service(web).isPresent();
    cluster.advance(Duration.ofSeconds(4));

    assertThat(kubeProxy(cluster).configuration().modeMinSyncPeriod())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(within).isEqualTo(restarted);
    assertThat(servedWithin).isTrue();
    assertThat(kubeProxy(cluster).syncs()).isEqualTo(restarted + 1);
    assertThat(ipvs(cluster).service(web)).isEmpty();
  }

  @Test
  void ipvsModeResyncsEveryIpvsSyncPeriod() {
    Cluster cluster = cluster();
    editConfigMap(cluster, "mode: ipvs\n");
    editConfigMap(cluster, "ipvs:\n  syncPeriod: 10s\n");
    cluster.restartKubeProxies();
    long restarted = kubeProxy(cluster).syncs();

    cluster.advance(Duration.ofSeconds(11));

    assertThat(kubeProxy(cluster).syncs()).isEqualTo(restarted + 1);
  }

  private static String clusterIp(Cluster cluster) {
    return cluster
        .store()
        .<Service>get(new ObjectKey(ResourceType.SERVICE, "default", "web"))
        .orElseThrow()
        .getSpec()
        .getClusterIP();
  }

  private static Ipvs ipvs(Cluster cluster) {
    return Objects.requireNonNull(cluster.nodeNetworks().get(NODE)).ipvs();
  }
}
