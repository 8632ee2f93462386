package dev.ksim.proxy;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.HttpResponse;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.testing.TestClusters;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kube-proxy's metrics and health servers, reached on a node through the data path as {@code curl
 * 127.0.0.1:10249/proxyMode} reaches them.
 */
@Timeout(120)
class KubeProxyServersTest {
  private static final String NODE = "k8s-node01";
  private static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

  private static Cluster cluster() {
    return TestClusters.start(
        yaml(deployment("web", 2), service("web").replace("spec:\n", "spec:\n  type: NodePort\n")));
  }

  private static KubeProxy kubeProxy(Cluster cluster) {
    return Objects.requireNonNull(cluster.kubeProxies().get(NODE));
  }

  private static String get(Cluster cluster, IpAddress address, int port, String path) {
    return response(cluster, address, port, path).body();
  }

  private static HttpResponse response(Cluster cluster, IpAddress address, int port, String path) {
    return kubeProxy(cluster)
        .servers()
        .serve(address, port, path, cluster.clock().now())
        .orElseThrow();
  }

  private static Trace connect(Cluster cluster, String destination, int port) {
    return Objects.requireNonNull(
        new Client(cluster, Recording.NONE, "node/" + NODE, null)
            .requests(new IpPort(IpAddress.parse(destination), port), 1, Duration.ZERO)
            .get(0)
            .trace());
  }

  /** Sets {@code line} (one top-level key) in the ConfigMap's configuration and restarts. */
  private static void reconfigure(Cluster cluster, String line) {
    KubeProxyConfigMaps.set(cluster, line);
    cluster.runUntilQuiet();
    cluster.restartKubeProxies();
  }

  @Test
  void aNodeProcessReachesTheMetricsServerOnLoopbackFromALoopbackSource() {
    Cluster cluster = cluster();

    Trace trace = connect(cluster, "127.0.0.1", 10249);

    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(trace.source().ip()).isEqualTo(LOOPBACK);
    assertThat(Objects.requireNonNull(trace.backend()).node()).isEqualTo(NODE);
  }

  @Test
  void theMetricsServerDoesNotListenOnTheNodesOwnAddress() {
    Cluster cluster = cluster();

    Trace trace = connect(cluster, "192.168.80.101", 10249);

    assertThat(trace.verdict()).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void theHealthServerListensOnEveryAddress() {
    Cluster cluster = cluster();

    assertThat(connect(cluster, "192.168.80.101", 10256).verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(connect(cluster, "127.0.0.1", 10256).verdict()).isEqualTo(Verdict.DELIVERED);
  }

  @Test
  void proxyModeAnswersTheModeOfTheRunningKubeProxy() {
    Cluster cluster = cluster();
    String before = get(cluster, LOOPBACK, 10249, "/proxyMode");

    reconfigure(cluster, "mode: ipvs\n");

    assertThat(before).isEqualTo("iptables");
    assertThat(get(cluster, LOOPBACK, 10249, "/proxyMode")).isEqualTo("ipvs");
  }

  @Test
  void metricsBindAddressMovesTheMetricsServer() {
    Cluster cluster = cluster();

    reconfigure(cluster, "metricsBindAddress: 0.0.0.0:10249\n");

    assertThat(connect(cluster, "192.168.80.101", 10249).verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(kubeProxy(cluster).servers().bindAddresses())
        .containsExactly(
            IpPort.tryParse("0.0.0.0:10249").orElseThrow(),
            IpPort.tryParse("0.0.0.0:10256").orElseThrow());
  }

  @Test
  void metricsCountTheSyncsAndStampTheLastOneWithTheSimulatedClock() {
    Cluster cluster = cluster();
    KubeProxy proxy = kubeProxy(cluster);

    String metrics = get(cluster, LOOPBACK, 10249, "/metrics");

    assertThat(metrics)
        .contains(
            "# HELP kubeproxy_sync_proxy_rules_duration_seconds [ALPHA] SyncProxyRules latency in"
                + " seconds\n# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram\n")
        .contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.001\"} 0\n")
        .contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"16.384\"} ")
        .contains("kubeproxy_sync_proxy_rules_duration_seconds_count " + proxy.syncs() + "\n")
        .contains("kubeproxy_sync_full_proxy_rules_duration_seconds_bucket{le=\"+Inf\"} ")
        .contains("# TYPE kubeproxy_sync_proxy_rules_last_timestamp_seconds gauge\n")
        .doesNotContain("nftables");
    String stamp =
        metrics
            .lines()
            .filter(l -> l.startsWith("kubeproxy_sync_proxy_rules_last_timestamp_seconds "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];
    assertThat(new BigDecimal(stamp).longValue())
        .isBetween(
            cluster.clock().now().getEpochSecond() - 60, cluster.clock().now().getEpochSecond());
  }

  @Test
  void ipvsModeRegistersItsOwnMetricsOnly() {
    Cluster cluster = cluster();
    reconfigure(cluster, "mode: ipvs\n");

    String metrics = get(cluster, LOOPBACK, 10249, "/metrics");

    assertThat(metrics)
        .contains("kubeproxy_sync_proxy_rules_iptables_restore_failures_total 0\n")
        .doesNotContain("kubeproxy_sync_full_proxy_rules_duration_seconds");
  }

  @Test
  void healthzAnswersUpstreamsJsonAndCountsTheAnswer() {
    Cluster cluster = cluster();

    HttpResponse healthz = response(cluster, LOOPBACK, 10256, "/healthz");

    assertThat(healthz.status()).isEqualTo(200);
    assertThat(healthz.body())
        .matches(
            "\\{\"lastUpdated\": \"2026-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC"
                + " m=\\+\\d+\\.\\d{9}\",\"currentTime\": \"[^\"]+\", \"nodeEligible\": true}");
    assertThat(get(cluster, LOOPBACK, 10249, "/metrics"))
        .contains("kubeproxy_proxy_healthz_total{code=\"200\"} 1\n");
  }

  @Test
  void healthzIsUnavailableOnANodeTheAutoscalerIsDeleting() {
    Cluster cluster = cluster();
    cluster
        .store()
        .modify(
            ResourceType.NODE,
            "",
            NODE,
            (Node n) ->
                n.getSpec()
                    .setTaints(
                        List.of(
                            new Taint("NoSchedule", "ToBeDeletedByClusterAutoscaler", null, "1"))));
    cluster.runUntilQuiet();

    HttpResponse healthz = response(cluster, LOOPBACK, 10256, "/healthz");

    assertThat(healthz.status()).isEqualTo(503);
    assertThat(healthz.body()).endsWith("\"nodeEligible\": false}");
    assertThat(response(cluster, LOOPBACK, 10256, "/livez").status()).isEqualTo(200);
  }

  @Test
  void goFloatPrintsAsPrometheusDoes() {
    assertThat(ProxyMetrics.goFloat(new BigDecimal("0.001"))).isEqualTo("0.001");
    assertThat(ProxyMetrics.goFloat(new BigDecimal("16.384000"))).isEqualTo("16.384");
    assertThat(ProxyMetrics.goFloat(new BigDecimal("1767225605.250")))
        .isEqualTo("1.76722560525e+09");
    assertThat(ProxyMetrics.goFloat(new BigDecimal("1000000"))).isEqualTo("1e+06");
    assertThat(ProxyMetrics.goFloat(new BigDecimal("0.00001"))).isEqualTo("1e-05");
    assertThat(ProxyMetrics.goFloat(BigDecimal.ZERO)).isEqualTo("0");
  }
}
