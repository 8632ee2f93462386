package dev.ksim.coredns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.server.Request;
import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CoreDNS's records follow the cluster's objects, as the plugin's watches make them. */
@Timeout(60)
class ClusterDnsTest {
  private static final String STATEFUL =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: mongodb}
      spec:
        clusterIP: None
        selector: {app: mongodb}
        ports: [{name: mongo, port: 27017}]
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: mongodb}
      spec:
        serviceName: mongodb
        replicas: 2
        selector: {matchLabels: {app: mongodb}}
        template:
          metadata: {labels: {app: mongodb}}
          spec:
            containers:
            - name: mongo
              image: mongo:7
              ports: [{containerPort: 27017}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: peers}
      spec:
        clusterIP: None
        publishNotReadyAddresses: true
        selector: {app: slow}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: ready-only}
      spec:
        clusterIP: None
        selector: {app: slow}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: slow, labels: {app: slow}}
      spec:
        containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /, port: 8080}
      """;

  private static DnsMessage ask(Cluster cluster, String name, RecordType type) {
    return cluster
        .dns()
        .server()
        .handle(
            DnsMessage.query(1, new Question(DnsName.parse(name), type), true, null),
            new Request(List.of(), "", false))
        .get(0);
  }

  @Test
  void statefulSetPodsGetStableNamesUnderTheirHeadlessService() {
    Cluster cluster = TestClusters.start(STATEFUL);

    DnsMessage pod0 = ask(cluster, "mongodb-0.mongodb.default.svc.cluster.local.", RecordType.A);
    DnsMessage all = ask(cluster, "mongodb.default.svc.cluster.local.", RecordType.A);

    assertThat(pod0.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(pod0.answer()).hasSize(1);
    assertThat(all.answer()).hasSize(2);
    String ip0 =
        cluster.store().list(ResourceType.POD).stream()
            .filter(p -> p.getMetadata().getName().equals("mongodb-0"))
            .findFirst()
            .orElseThrow()
            .getStatus()
            .getPodIP();
    assertThat(pod0.answer().get(0).data().text()).isEqualTo(ip0);
  }

  @Test
  void aNotReadyPodIsInDnsOnlyWithPublishNotReadyAddresses() {
    Cluster cluster = TestClusters.start(STATEFUL);

    assertThat(ask(cluster, "peers.default.svc.cluster.local.", RecordType.A).answer()).hasSize(1);
    assertThat(ask(cluster, "ready-only.default.svc.cluster.local.", RecordType.A).rcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void recordsAppearAndDisappearWithTheirObjects() {
    Cluster cluster = TestClusters.start("");
    String name = "late.default.svc.cluster.local.";
    assertThat(ask(cluster, name, RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);

    cluster.apply(
        ManifestLoader.parse(
            "late.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: late}\n"
                + "spec: {clusterIP: 10.96.77.7, ports: [{port: 80}]}\n"));
    assertThat(ask(cluster, name, RecordType.A).answer().get(0).data().text())
        .isEqualTo("10.96.77.7");

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "late"));
    cluster.advance(Duration.ofSeconds(1));
    assertThat(ask(cluster, name, RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void theCorefileComesFromTheCorednsConfigMapAndABadOneNamesItsLine() {
    String ttl5 =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: coredns, namespace: kube-system}
        data:
          Corefile: |
            .:53 {
                kubernetes cluster.local {
                   pods verified
                }
            }
        """;
    Cluster cluster = TestClusters.start(ttl5);
    assertThat(
            ask(cluster, "kubernetes.default.svc.cluster.local.", RecordType.A)
                .answer()
                .get(0)
                .ttl())
        .isEqualTo(5);

    Assertions.assertThatThrownBy(
            () -> TestClusters.start(ttl5.replace("pods verified", "pods sometimes")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("invalid pods mode")
        .satisfies(e -> assertThat(((ManifestException) e).location().line()).isEqualTo(8));
  }

  @Test
  void corefileVariablesComeFromTheCorednsContainersEnvironment() {
    Cluster cluster = TestClusters.start("");
    cluster
        .store()
        .modify(
            ResourceType.DEPLOYMENT,
            "kube-system",
            "coredns",
            (Deployment d) ->
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .add(new EnvVar("KUBERNETES_TTL", "7", null)));
    cluster
        .store()
        .modify(
            ResourceType.CONFIG_MAP,
            "kube-system",
            "coredns",
            (ConfigMap cm) ->
                cm.getData()
                    .put(
                        "Corefile",
                        ".:53 {\n    kubernetes cluster.local {\n       ttl {$KUBERNETES_TTL}\n    }\n}\n"));
    cluster.advance(Duration.ofSeconds(1));

    assertThat(
            ask(cluster, "kubernetes.default.svc.cluster.local.", RecordType.A)
                .answer()
                .get(0)
                .ttl())
        .isEqualTo(7);
  }
}
