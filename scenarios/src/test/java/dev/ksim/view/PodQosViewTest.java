package dev.ksim.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The QoS class the API server gives a pod at creation (upstream's ComputePodQOS), as kubectl
 * describe (QoS Class:) and kubectl get -o yaml (status.qosClass) show it.
 */
@Timeout(120)
class PodQosViewTest {
  private static final String PODS =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: guaranteed}
      spec:
        containers:
        - name: app
          image: nginx
          resources: {limits: {cpu: 500m, memory: 128Mi}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: burstable}
      spec:
        containers:
        - name: app
          image: nginx
          resources: {requests: {cpu: 100m}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: besteffort}
      spec:
        containers: [{name: app, image: nginx}]
      """;

  private final Cluster cluster =
      Cluster.start(ManifestLoader.parse("qos.yaml", PODS), ClusterOptions.DEFAULT);

  private String kubectl(String... args) {
    return new Kubectl(cluster).run(List.of(args)).stdout();
  }

  @Test
  void describeShowsEachPodsClass() {
    assertThat(kubectl("describe", "pod", "guaranteed"))
        .containsPattern("\nQoS Class: +Guaranteed\n");
    assertThat(kubectl("describe", "pod", "burstable"))
        .containsPattern("\nQoS Class: +Burstable\n");
    assertThat(kubectl("describe", "pod", "besteffort"))
        .containsPattern("\nQoS Class: +BestEffort\n");
  }

  @Test
  void yamlCarriesTheStatusClassAndRequestsDefaultedFromLimits() {
    String yaml = kubectl("get", "pod", "guaranteed", "-o", "yaml");

    assertThat(yaml).contains("\n  qosClass: Guaranteed\n");
    assertThat(yaml)
        .containsPattern("\n      requests:\n        cpu: 500m\n        memory: 128Mi\n");
  }
}
