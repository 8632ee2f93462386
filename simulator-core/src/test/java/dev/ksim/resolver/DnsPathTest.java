package dev.ksim.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.DnsTransport;
import dev.ksim.cluster.Cluster;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.testing.TestClusters;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pod's lookups: its resolv.conf as kubelet writes it, and queries that are packets DNATed by
 * kube-proxy to a CoreDNS pod.
 */
@Timeout(60)
class DnsPathTest {
  private static final String PODS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client, namespace: shop}
      spec:
        containers: [{name: c, image: busybox:1.36}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: hostnet}
      spec:
        hostNetwork: true
        containers: [{name: c, image: busybox:1.36}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: custom}
      spec:
        dnsPolicy: None
        dnsConfig:
          nameservers: [1.1.1.1]
          searches: [corp.example]
          options: [{name: ndots, value: "2"}, {name: edns0}]
        containers: [{name: c, image: busybox:1.36}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        clusterIP: 10.96.50.50
        ports: [{port: 80}]
      """;

  private static Pod pod(Cluster cluster, String ns, String name) {
    return cluster.store().<Pod>get(new ObjectKey(ResourceType.POD, ns, name)).orElseThrow();
  }

  @Test
  void resolvConfPerDnsPolicy() {
    Cluster cluster = TestClusters.start(PODS);

    assertThat(PodResolvConf.of(pod(cluster, "shop", "client"), cluster))
        .isEqualTo(
            new ResolvConf(
                List.of("10.96.0.10"),
                List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"),
                List.of("ndots:5")));
    assertThat(PodResolvConf.of(pod(cluster, "default", "hostnet"), cluster))
        .as("ClusterFirst on the host network falls back to Default")
        .isEqualTo(PodResolvConf.NODE);
    assertThat(PodResolvConf.of(pod(cluster, "default", "custom"), cluster))
        .isEqualTo(
            new ResolvConf(
                List.of("1.1.1.1"), List.of("corp.example"), List.of("ndots:2", "edns0")));
  }

  @Test
  void aLookupIsAPacketToKubeDnsDnatedToACoreDnsPod() {
    Cluster cluster = TestClusters.start(PODS);
    DnsTransport transport =
        new DnsTransport(cluster, cluster.connector(Recording.MATCHED), "pod/shop/client");

    HostLookup lookup =
        HostLookup.resolve(
            "web", PodResolvConf.of(pod(cluster, "shop", "client"), cluster), transport, () -> 1);

    assertThat(lookup.address()).map(Object::toString).contains("10.96.50.50");
    assertThat(lookup.exchanges()).hasSize(1);
    Trace query = transport.traces().get(0);
    assertThat(query.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(query.protocol()).isEqualTo(Protocol.UDP);
    assertThat(query.destination().toString()).isEqualTo("10.96.0.10:53");
    assertThat(query.endpoint()).isNotNull();
    assertThat(query.backend()).isNotNull();
    assertThat(query.backend().namespace()).isEqualTo("kube-system");
    assertThat(query.backend().pod()).startsWith("coredns-");
  }

  @Test
  void withoutCoreDnsPodsTheQueryIsRejectedAsKubeProxyRejectsServicesWithoutEndpoints() {
    Cluster cluster =
        TestClusters.start(
            PODS
                + "---\napiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: coredns, namespace: kube-system}\n"
                + "spec:\n  replicas: 0\n  selector: {matchLabels: {k8s-app: kube-dns}}\n"
                + "  template:\n    metadata: {labels: {k8s-app: kube-dns}}\n"
                + "    spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.12.1}]}\n");
    DnsTransport transport =
        new DnsTransport(cluster, cluster.connector(Recording.NONE), "pod/shop/client");

    HostLookup lookup =
        HostLookup.resolve(
            "web", PodResolvConf.of(pod(cluster, "shop", "client"), cluster), transport, () -> 1);

    assertThat(lookup.address()).isEmpty();
    assertThat(lookup.failure()).isEqualTo("connection refused");
  }
}
