package dev.ksim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ContainerConfigTest {
  private static final String ENV_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: mongo}
      spec:
        containers:
        - name: mongo
          image: mongo:4.4
          env:
          - name: MONGO_INITDB_ROOT_USERNAME
            valueFrom:
              secretKeyRef: {name: mongo-secret, key: mongo-username}
      """;

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: mongo-secret}
      data: {mongo-username: bW9uZ291c2Vy}
      """;

  private static Pod pod(Cluster cluster, String name) {
    return cluster.store().<Pod>get(new ObjectKey(ResourceType.POD, "default", name)).orElseThrow();
  }

  private static ContainerStateWaiting waiting(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
  }

  @Test
  void aMissingSecretKeyRefHoldsTheContainerWithCreateContainerConfigError() {
    Cluster cluster = TestClusters.start(ENV_POD);

    Pod pod = pod(cluster, "mongo");

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getPodIP()).as("the sandbox runs").isNotEmpty();
    assertThat(waiting(pod).getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting(pod).getMessage()).isEqualTo("secret \"mongo-secret\" not found");
  }

  @Test
  void thePodStartsWhenTheSecretAppears() {
    Cluster cluster = TestClusters.start(ENV_POD);

    cluster.apply(ManifestLoader.parse("secret.yaml", SECRET));

    assertThat(pod(cluster, "mongo").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aMissingKeyIsNamed() {
    Cluster cluster =
        TestClusters.start(
            TestClusters.yaml(
                ENV_POD.replace("key: mongo-username", "key: mongo-password"), SECRET));

    assertThat(waiting(pod(cluster, "mongo")).getMessage())
        .isEqualTo("couldn't find key mongo-password in Secret default/mongo-secret");
  }

  @Test
  void anOptionalReferenceDoesNotHoldThePod() {
    Cluster cluster =
        TestClusters.start(
            ENV_POD.replace(
                "{name: mongo-secret, key: mongo-username}",
                "{name: mongo-secret, key: mongo-username, optional: true}"));

    assertThat(pod(cluster, "mongo").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aMissingConfigMapVolumeKeepsThePodContainerCreatingWithoutAnAddress() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: web
                image: nginx
                volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
                envFrom: [{configMapRef: {name: also-missing}}]
              volumes:
              - name: conf
                configMap: {name: web-conf}
            """);

    Pod pod = pod(cluster, "web");

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getPodIP()).isNull();
    assertThat(waiting(pod).getReason()).isEqualTo("ContainerCreating");
  }

  @Test
  void anEnvFromSecretMustExist() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: web
                image: nginx
                envFrom: [{secretRef: {name: creds}}]
            """);

    assertThat(waiting(pod(cluster, "web")).getMessage()).isEqualTo("secret \"creds\" not found");
  }
}
