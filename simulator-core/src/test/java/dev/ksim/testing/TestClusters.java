package dev.ksim.testing;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Starts simulated clusters from YAML text, as tests need them. */
public final class TestClusters {
  private TestClusters() {}

  /** The default cluster with {@code yaml} applied and settled. */
  public static Cluster start(String yaml) {
    return start(yaml, ClusterOptions.DEFAULT.seed());
  }

  public static Cluster start(String yaml, long seed) {
    return Cluster.start(
        ManifestLoader.parse("test.yaml", yaml), ClusterOptions.DEFAULT.withSeed(seed));
  }

  /** The pods of a namespace, by name. */
  public static List<Pod> pods(Cluster cluster, String namespace) {
    return cluster.store().list(ResourceType.POD, namespace);
  }

  /** The ClusterIP of Service {@code name} in the default namespace. */
  public static String clusterIp(Cluster cluster, String name) {
    return cluster.store().list(ResourceType.SERVICE, "default").stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .map(s -> s.getSpec().getClusterIP())
        .findFirst()
        .orElseThrow();
  }

  /** A Deployment of {@code replicas} nginx pods labelled app={@code name}, with port 80. */
  public static String deployment(String name, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: %2$d
          selector:
            matchLabels:
              app: %1$s
          template:
            metadata:
              labels:
                app: %1$s
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                  name: http
        """
        .formatted(name, replicas);
  }

  /** A ClusterIP Service selecting app={@code name}, port 8080 to the named port http. */
  public static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
        spec:
          selector:
            app: %1$s
          ports:
          - name: http
            port: 8080
            targetPort: http
        """
        .formatted(name);
  }

  /** Documents joined into one multi-document YAML text. */
  public static String yaml(String... documents) {
    return String.join("---\n", documents);
  }
}
