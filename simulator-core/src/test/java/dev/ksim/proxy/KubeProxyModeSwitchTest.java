package dev.ksim.proxy;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kube-proxy runs as the pods of kubeadm's {@code kube-system/kube-proxy} DaemonSet: every way a
 * cluster restarts those pods makes the new kube-proxy read the ConfigMap and switch mode, cleaning
 * up what upstream's platformCleanup cleans; a mode it cannot run leaves its pod crash-looping and
 * the node with its old rules.
 */
@Timeout(120)
class KubeProxyModeSwitchTest {
  private static final String NODE = "k8s-node01";

  private static Cluster cluster() {
    return TestClusters.start(yaml(deployment("web", 2), service("web")));
  }

  private static String iptablesSave(Cluster cluster) {
    return IptablesSaveWriter.save(
        Objects.requireNonNull(cluster.nodeNetworks().get(NODE)).kernel().ruleset(IpFamily.IPV4),
        null,
        null,
        false);
  }

  private static boolean hasNftTable(Cluster cluster) {
    return Objects.requireNonNull(cluster.nodeNetworks().get(NODE))
        .kernel()
        .nftables()
        .table(NftFamily.IP, "kube-proxy")
        .isPresent();
  }

  private static void setMode(Cluster cluster, String mode) {
    KubeProxyConfigMaps.setMode(cluster, mode);
    cluster.runUntilQuiet();
  }

  private static List<Pod> kubeProxyPods(Cluster cluster) {
    return TestClusters.pods(cluster, "kube-system").stream()
        .filter(p -> p.getMetadata().getName().startsWith("kube-proxy-"))
        .toList();
  }

  private static void patchTemplate(Cluster cluster) {
    cluster
        .store()
        .modify(
            ResourceType.DAEMON_SET,
            "kube-system",
            "kube-proxy",
            (DaemonSet d) ->
                d.getSpec()
                    .getTemplate()
                    .getMetadata()
                    .setAnnotations(
                        Map.of("kubectl.kubernetes.io/restartedAt", "2026-12-05T09:00:00Z")));
    cluster.runUntilQuiet();
  }

  static Stream<Arguments> restartPaths() {
    return Stream.of(
        Arguments.of("pods deleted", (Consumer<Cluster>) Cluster::restartKubeProxies),
        Arguments.of(
            "DaemonSet template changed",
            (Consumer<Cluster>) KubeProxyModeSwitchTest::patchTemplate));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restartPaths")
  void everyRestartPathSwitchesTheMode(String path, Consumer<Cluster> restart) {
    Cluster cluster = cluster();
    List<String> before =
        kubeProxyPods(cluster).stream().map(p -> p.getMetadata().getName()).toList();

    setMode(cluster, "nftables");
    boolean nftBeforeRestart = hasNftTable(cluster);
    restart.accept(cluster);

    assertThat(nftBeforeRestart).isFalse();
    assertThat(cluster.kubeProxies()).containsOnlyKeys(cluster.nodeNetworks().keySet());
    assertThat(cluster.kubeProxies().values())
        .allSatisfy(p -> assertThat(p.configuration().mode()).isEqualTo(ProxyMode.NFTABLES));
    assertThat(hasNftTable(cluster)).isTrue();
    assertThat(kubeProxyPods(cluster))
        .hasSize(cluster.nodeNetworks().size())
        .noneMatch(p -> before.contains(p.getMetadata().getName()));
  }

  @Test
  void startingInNftablesModeRemovesTheIptablesLeftoversButKeepsKubeletsChain() {
    Cluster cluster = cluster();
    String iptablesMode = iptablesSave(cluster);

    setMode(cluster, "nftables");
    cluster.restartKubeProxies();

    assertThat(iptablesMode).contains(":KUBE-SVC-").contains(":KUBE-SERVICES");
    assertThat(Objects.requireNonNull(cluster.kubeProxies().get(NODE)).cleanedUp())
        .containsExactly(ProxyMode.IPTABLES, ProxyMode.IPVS);
    assertThat(iptablesSave(cluster))
        .doesNotContain("KUBE-SVC-")
        .doesNotContain("KUBE-SERVICES")
        .doesNotContain("KUBE-PROXY-CANARY")
        .as("cleanup.go after v1.34 also removes KUBE-MARK-MASQ (IptablesLeftovers' Javadoc)")
        .doesNotContain("KUBE-MARK-MASQ")
        .contains(":KUBE-FIREWALL");
  }

  @Test
  void startingInIptablesModeRemovesTheNftablesLeftovers() {
    Cluster cluster = cluster();
    setMode(cluster, "nftables");
    cluster.restartKubeProxies();

    setMode(cluster, "iptables");
    cluster.restartKubeProxies();

    assertThat(hasNftTable(cluster)).isFalse();
    assertThat(iptablesSave(cluster)).contains(":KUBE-SVC-");
  }

  @Test
  void theOldRulesStayBetweenTheOldPodsStopAndTheNewPodsFirstSync() {
    Cluster cluster = cluster();
    String iptablesMode = iptablesSave(cluster);
    setMode(cluster, "nftables");

    kubeProxyPods(cluster).forEach(p -> cluster.store().delete(ObjectKey.of(ResourceType.POD, p)));
    cluster.advance(Duration.ofMillis(500));

    assertThat(cluster.kubeProxies()).doesNotContainKey(NODE);
    assertThat(iptablesSave(cluster)).isEqualTo(iptablesMode);
    assertThat(hasNftTable(cluster)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"userspace", "iptabels", "kernelspace"})
  void aModeKubeProxyCannotRunLeavesItsPodCrashLoopingAndTheRulesStay(String mode) {
    Cluster cluster = cluster();
    String before = iptablesSave(cluster);
    setMode(cluster, mode);

    cluster.restartKubeProxies();
    List<String> notices = cluster.drainNotices();
    cluster.advance(Duration.ofSeconds(31));

    Pod pod = kubeProxyPods(cluster).get(0);
    ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getRestartCount()).isEqualTo(2);
    assertThat(status.getState().getWaiting().getMessage()).startsWith("back-off 40s");
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(cluster.kubeProxies()).isEmpty();
    assertThat(iptablesSave(cluster)).isEqualTo(before);
    assertThat(notices).isNotEmpty().allMatch(n -> n.contains(mode) && n.contains("exited"));
    assertThat(
            cluster
                .containerLogs()
                .current("kube-system", pod.getMetadata().getName(), "kube-proxy")
                .orElseThrow())
        .singleElement()
        .asString()
        .contains("\"command failed\"")
        .contains(mode);
  }

  @Test
  void aRunningKubeProxyLogsTheProxierItUses() {
    Cluster cluster = cluster();
    Pod pod = kubeProxyPods(cluster).get(0);

    List<String> log =
        cluster
            .containerLogs()
            .current("kube-system", pod.getMetadata().getName(), "kube-proxy")
            .orElseThrow();

    assertThat(log)
        .anyMatch(
            l ->
                l.matches(
                    "I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}       1 server_linux\\.go:136\\] \"Using iptables Proxier\""));
  }
}
