package dev.ksim.scaling;

import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;

/**
 * A large cluster as manifests: {@code nodes} worker Nodes (each with a /20 pod range, enough for a
 * thousand pods) and {@code services} Deployments of {@code replicas} pods, each behind its own
 * ClusterIP Service, all in one namespace. With the data plane on, every node runs kube-proxy (in
 * the mode {@link #manifests(int, int, int, String)} names, iptables by default).
 */
public final class ControlPlaneWorkload {
  private ControlPlaneWorkload() {}

  public static Manifests manifests(int nodes, int services, int replicas) {
    return ManifestLoader.parse("control-plane-fixture.yaml", yaml(nodes, services, replicas));
  }

  /** The same cluster with kube-proxy's KubeProxyConfiguration {@code mode} set. */
  public static Manifests manifests(int nodes, int services, int replicas, String mode) {
    String configuration =
        """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: %s
        ---
        """
            .formatted(mode);
    return ManifestLoader.parse(
        "control-plane-" + mode + "-fixture.yaml", configuration + yaml(nodes, services, replicas));
  }

  private static String yaml(int nodes, int services, int replicas) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: ClusterConfiguration
        networking:
          podSubnet: 10.128.0.0/9
          serviceSubnet: 10.96.0.0/12
        """);
    for (int i = 0; i < nodes; i++) {
      yaml.append(
          """
          ---
          apiVersion: v1
          kind: Node
          metadata: {name: node-%03d}
          spec: {podCIDR: 10.%d.%d.0/20}
          status:
            addresses: [{type: InternalIP, address: 172.20.%d.%d}]
          """
              .formatted(i, 128 + i / 16, (i % 16) * 16, i / 250, 1 + i % 250));
    }
    for (int i = 0; i < services; i++) {
      yaml.append(
          """
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: app-%1$05d}
          spec:
            replicas: %2$d
            selector: {matchLabels: {app: app-%1$05d}}
            template:
              metadata: {labels: {app: app-%1$05d}}
              spec:
                containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: app-%1$05d}
          spec:
            selector: {app: app-%1$05d}
            ports: [{port: 80}]
          """
              .formatted(i, replicas));
    }
    return yaml.toString();
  }
}
