package dev.ksim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.manifest.ManifestLoader;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterTest {
  static final String NGINX =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: nginx
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: nginx
        template:
          metadata:
            labels:
              app: nginx
          spec:
            containers:
            - image: nginx
              name: nginx
              ports:
              - containerPort: 80
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: nginx
      spec:
        selector:
          app: nginx
        ports:
        - name: http
          port: 8080
          targetPort: 80
      """;

  @Test
  void defaultClusterRunsTheDeployment() {
    Cluster cluster =
        Cluster.start(ManifestLoader.parse("nginx.yaml", NGINX), ClusterOptions.DEFAULT);

    List<Pod> pods = cluster.store().list(ResourceType.POD, "default");
    for (Pod p : cluster.store().list(ResourceType.POD)) {
      System.out.println(
          p.getMetadata().getNamespace()
              + "/"
              + p.getMetadata().getName()
              + " "
              + PodUtil.phase(p)
              + " "
              + PodUtil.podIp(p)
              + " "
              + PodUtil.nodeName(p)
              + " ready="
              + PodUtil.isReady(p));
    }
    cluster.store().list(ResourceType.ENDPOINT_SLICE).forEach(s -> System.out.println(s));
    cluster
        .store()
        .list(ResourceType.SERVICE)
        .forEach(
            s -> System.out.println(s.getMetadata().getName() + " " + s.getSpec().getClusterIP()));
    assertThat(pods).hasSize(3).allMatch(PodUtil::isReady);
  }
}
