package dev.ksim.controller.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.ManifestException;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PersistentVolumeControllerTest {
  private static final String LOCAL_PV =
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: local-storage}
      provisioner: kubernetes.io/no-provisioner
      volumeBindingMode: WaitForFirstConsumer
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata: {name: data-node02}
      spec:
        capacity: {storage: 2Gi}
        accessModes: [ReadWriteOnce]
        storageClassName: local-storage
        local: {path: /root/data}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [k8s-node02]}
      """;

  private static final String STATEFUL_SET =
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: mongo}
      spec:
        serviceName: mongo
        replicas: 1
        selector: {matchLabels: {app: mongo}}
        template:
          metadata: {labels: {app: mongo}}
          spec:
            containers: [{name: mongo, image: "mongo:7"}]
        volumeClaimTemplates:
        - metadata: {name: data}
          spec:
            accessModes: [ReadWriteOnce]
            storageClassName: local-storage
            resources: {requests: {storage: 1Gi}}
      """;

  private static PersistentVolumeClaim claim(Cluster cluster, String name) {
    return cluster
        .store()
        .<PersistentVolumeClaim>get(
            new ObjectKey(ResourceType.PERSISTENT_VOLUME_CLAIM, "default", name))
        .orElseThrow();
  }

  private static Pod pod(Cluster cluster, String name) {
    return cluster.store().<Pod>get(new ObjectKey(ResourceType.POD, "default", name)).orElseThrow();
  }

  @Test
  void aStatefulSetClaimBindsTheLocalVolumeAndItsPodRunsOnTheVolumesNode() {
    Cluster cluster = TestClusters.start(TestClusters.yaml(LOCAL_PV, STATEFUL_SET));

    PersistentVolumeClaim claim = claim(cluster, "data-mongo-0");
    Pod pod = pod(cluster, "mongo-0");

    assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(claim.getSpec().getVolumeName()).isEqualTo("data-node02");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("k8s-node02");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aClaimLargerThanEveryVolumeStaysPendingAndSoDoesItsPod() {
    Cluster cluster =
        TestClusters.start(
            TestClusters.yaml(LOCAL_PV, STATEFUL_SET.replace("storage: 1Gi", "storage: 5Gi")));

    PodCondition scheduled =
        pod(cluster, "mongo-0").getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("PodScheduled"))
            .findFirst()
            .orElseThrow();

    assertThat(claim(cluster, "data-mongo-0").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(scheduled.getMessage())
        .startsWith(
            "0/3 nodes are available: 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't find available"
                + " persistent volumes to bind.");
  }

  @Test
  void anUnboundImmediateClaimKeepsThePodPendingWithTheSchedulersMessage() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: app}
            spec:
              containers: [{name: app, image: busybox}]
              volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
            """);

    PodCondition scheduled = pod(cluster, "app").getStatus().getConditions().get(0);

    assertThat(scheduled.getMessage())
        .isEqualTo(
            "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."
                + " preemption: 0/3 nodes are available: 3 Preemption is not helpful for"
                + " scheduling.");
  }

  @Test
  void anIngressIsStoredAndAnInvalidOneRefusedAsTheApiServerDoes() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: nginx
              annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - host: foo.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """);

    assertThat(
            cluster
                .store()
                .<io.fabric8.kubernetes.api.model.networking.v1.Ingress>get(
                    new ObjectKey(ResourceType.INGRESS, "default", "web"))
                .orElseThrow()
                .getSpec()
                .getIngressClassName())
        .as("the DefaultIngressClass admission plugin")
        .isEqualTo("nginx");
    assertThatThrownBy(
            () ->
                TestClusters.start(
                    """
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata: {name: bad}
                    spec:
                      rules:
                      - http:
                          paths:
                          - {path: /, backend: {service: {name: web, port: {number: 80}}}}
                    """))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(
            "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified");
  }
}
