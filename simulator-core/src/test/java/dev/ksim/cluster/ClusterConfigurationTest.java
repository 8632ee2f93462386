package dev.ksim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.input.KsimInputException;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterConfigurationTest {
  @Test
  void theDefaultClusterIsKubeadmShaped() {
    Cluster cluster = TestClusters.start("");

    assertThat(cluster.store().list(ResourceType.NODE))
        .extracting(n -> n.getMetadata().getName() + " " + n.getSpec().getPodCIDR())
        .containsExactly(
            "k8s-master 10.244.0.0/24", "k8s-node01 10.244.1.0/24", "k8s-node02 10.244.2.0/24");
    Service kubernetes =
        cluster.store().<Service>get(ResourceType.SERVICE, "default", "kubernetes").orElseThrow();
    assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
    assertThat(
            cluster
                .store()
                .<Service>get(ResourceType.SERVICE, "kube-system", "kube-dns")
                .orElseThrow()
                .getSpec()
                .getClusterIP())
        .isEqualTo("10.96.0.10");
    assertThat(cluster.store().get(ResourceType.CONFIG_MAP, "kube-system", "coredns")).isPresent();
    assertThat(cluster.store().get(ResourceType.CONFIG_MAP, "kube-system", "kube-proxy"))
        .isPresent();
    assertThat(cluster.store().listByLabel(ResourceType.POD, "kube-system", "k8s-app", "kube-dns"))
        .hasSize(2)
        .allMatch(PodUtil::isReady);
    assertThat(cluster.proxyConfiguration().mode()).isEqualTo(ProxyMode.IPTABLES);
    assertThat(cluster.proxyConfiguration().clusterCidrs())
        .extracting(Object::toString)
        .containsExactly("10.244.0.0/16");
  }

  @Test
  void kubeadmConfigurationChangesTheNetworks() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        networking:
          podSubnet: 172.16.0.0/16
          serviceSubnet: 10.100.0.0/16
          dnsDomain: example.local
        apiServer:
          extraArgs:
            service-node-port-range: 20000-22767
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: np}
        spec:
          type: NodePort
          ports: [{port: 80}]
        """);

    assertThat(
            cluster
                .store()
                .<Service>get(ResourceType.SERVICE, "kube-system", "kube-dns")
                .orElseThrow()
                .getSpec()
                .getClusterIP())
        .isEqualTo("10.100.0.10");
    assertThat(
            cluster
                .store()
                .<Service>get(ResourceType.SERVICE, "default", "np")
                .orElseThrow()
                .getSpec()
                .getPorts()
                .get(0)
                .getNodePort())
        .isBetween(20000, 22767);
    assertThat(
            cluster
                .store()
                .<Node>get(ResourceType.NODE, "", "k8s-node01")
                .orElseThrow()
                .getSpec()
                .getPodCIDR())
        .isEqualTo("172.16.1.0/24");
    assertThat(
            cluster
                .store()
                .get(ResourceType.CONFIG_MAP, "kube-system", "coredns")
                .orElseThrow()
                .toString())
        .contains("kubernetes example.local in-addr.arpa ip6.arpa");
  }

  @Test
  void nodeDocumentsReplaceTheDefaultNodes() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: ClusterConfiguration
        apiServer:
          extraArgs:
          - name: service-node-port-range
            value: 1-32767
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: test-node}
        spec: {podCIDR: 10.0.0.0/8}
        status:
          addresses: [{type: InternalIP, address: 192.168.0.2}]
        """);

    assertThat(cluster.store().list(ResourceType.NODE))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("test-node");
    assertThat(cluster.store().listByLabel(ResourceType.POD, "kube-system", "k8s-app", "kube-dns"))
        .allMatch(p -> PodUtil.podIp(p).startsWith("10.0.0.") && PodUtil.isReady(p));
    assertThat(
            cluster
                .store()
                .listByLabel(
                    ResourceType.ENDPOINT_SLICE,
                    "default",
                    "kubernetes.io/service-name",
                    "kubernetes")
                .get(0)
                .getEndpoints()
                .get(0)
                .getAddresses())
        .containsExactly("192.168.0.2");
  }

  @Test
  void aGivenPodAddressIsKept() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: running}
        spec:
          nodeName: k8s-node01
          containers: [{name: app, image: busybox}]
        status:
          phase: Running
          podIP: 10.244.1.77
        """);

    assertThat(PodUtil.podIp(TestClusters.pods(cluster, "default").get(0)))
        .isEqualTo("10.244.1.77");
  }

  @Test
  void theKubeProxyConfigMapConfiguresKubeProxyAndItsErrorsPointIntoIt() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kube-proxy, namespace: kube-system}
        data:
          config.conf: |
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            iptables:
              masqueradeAll: true
        """);

    assertThat(cluster.proxyConfiguration().masqueradeAll()).isTrue();
    assertThatThrownBy(
            () ->
                TestClusters.start(
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kube-proxy, namespace: kube-system}
        data:
          config.conf: |
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            mode: userspace
        """))
        .isInstanceOf(KsimInputException.class)
        .satisfies(e -> assertThat(((KsimInputException) e).location().line()).isEqualTo(8));
  }

  @Test
  void anInvalidObjectFailsTheWholeApplyAtItsLine() {
    assertThatThrownBy(
            () ->
                TestClusters.start(
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: fine}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          ports:
          - port: 80
            nodePort: 80
        """))
        .isInstanceOf(KsimInputException.class)
        .satisfies(
            e ->
                assertThat(((KsimInputException) e).describe())
                    .isEqualTo(
                        "test.yaml:12: spec.ports[0].nodePort: The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"));
  }

  @Test
  void objectsInAMissingNamespaceAreRefused() {
    assertThatThrownBy(
            () ->
                TestClusters.start(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: dev}\n"))
        .isInstanceOf(KsimInputException.class)
        .hasMessage("namespaces \"dev\" not found");
  }

  @Test
  void sameSeedSameClusterAnotherSeedAnother() {
    String app = TestClusters.yaml(TestClusters.deployment("web", 3), TestClusters.service("web"));

    String first = snapshot(TestClusters.start(app, 42));
    String again = snapshot(TestClusters.start(app, 42));
    String other = snapshot(TestClusters.start(app, 43));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  private static String snapshot(Cluster cluster) {
    StringBuilder sb = new StringBuilder();
    for (ResourceType<?> type : ResourceType.ALL) {
      cluster.store().list(type).forEach(o -> sb.append(o).append('\n'));
    }
    return sb.toString();
  }

  @Test
  void aNodeGivenWithoutSpecGetsAPodRange() {
    Cluster cluster =
        TestClusters.start(
            "apiVersion: v1\nkind: Node\nmetadata: {name: bare}\n"
                + "status: {addresses: [{type: InternalIP, address: 192.168.80.50}]}\n");

    Node node = cluster.store().<Node>list(ResourceType.NODE).get(0);
    assertThat(node.getSpec().getPodCIDR()).isEqualTo("10.244.0.0/24");
  }

  @Test
  void aPodGivenPendingAndNotReadyWithAnAddressStaysSo() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: stuck}
            spec:
              nodeName: k8s-node01
              containers: [{name: c, image: invalid-image:0.0}]
            status:
              phase: Pending
              podIP: 10.244.1.77
              conditions: [{type: Ready, status: "False"}]
            """);

    var pod =
        cluster.store().<io.fabric8.kubernetes.api.model.Pod>list(ResourceType.POD).stream()
            .filter(p -> p.getMetadata().getName().equals("stuck"))
            .findFirst()
            .orElseThrow();
    assertThat(PodUtil.phase(pod)).isEqualTo("Pending");
    assertThat(PodUtil.podIp(pod)).isEqualTo("10.244.1.77");
  }
}
