package dev.ksim.scaling;

import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.net.IpAddress;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The scaling workload: the default three-node cluster with {@code services} selector-less
 * ClusterIP Services ({@code svc-00000} ..., cluster IPs from 10.100.0.1 up, port 80), each with a
 * hand-made EndpointSlice of {@code endpoints} ready endpoints spread over k8s-node01 and
 * k8s-node02, and kube-proxy in {@code mode} on every node. The same shape as {@code
 * tools/gen-services.py}, so ksim's figures and the real kernel's are of one ruleset.
 *
 * @param services how many Services
 * @param endpoints ready endpoints per Service
 * @param mode kube-proxy's mode, as KubeProxyConfiguration's {@code mode} spells it
 */
public record ServiceWorkload(int services, int endpoints, String mode) {
  /** The seed of the "random" Service's draw: fixed, so counted work is the same on every run. */
  private static final long SEED = 15;

  public ServiceWorkload {
    if (services < 1) {
      throw new IllegalArgumentException("services: must be at least 1, got " + services);
    }
    if (endpoints < 1 || endpoints > 250) {
      throw new IllegalArgumentException("endpoints: must be 1 to 250, got " + endpoints);
    }
  }

  /** The index-th Service's name. */
  public static String name(int index) {
    return String.format(Locale.ROOT, "svc-%05d", index);
  }

  /** The index-th Service's cluster IP, in 10.100.0.0/16 and up. */
  public static IpAddress clusterIp(int index) {
    return IpAddress.parse("10.100.0.0").plus(index + 1L);
  }

  /** The address of the e-th endpoint of the index-th Service. */
  public IpAddress endpointIp(int index, int e) {
    int node = 1 + e % 2;
    return IpAddress.parse("10.244." + node + "." + (2 + (index * endpoints + e) % 250));
  }

  /** The Service a probe sends to. */
  public int serviceIndex(Probe probe) {
    return switch (probe) {
      case FIRST, ESTABLISHED -> 0;
      case MIDDLE -> services / 2;
      case LAST -> services - 1;
      case RANDOM -> new SplittableRandom(SEED + services).nextInt(services);
    };
  }

  /** The workload as manifests: the KubeProxyConfiguration, then each Service and its slice. */
  public Manifests manifests() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            mode: %s
            ---
            """
                .formatted(mode));
    for (int i = 0; i < services; i++) {
      StringBuilder addresses = new StringBuilder();
      for (int e = 0; e < endpoints; e++) {
        addresses.append(
            "  - {addresses: [%s], nodeName: k8s-node0%d}\n"
                .formatted(endpointIp(i, e), 1 + e % 2));
      }
      yaml.append(
          """
          apiVersion: v1
          kind: Service
          metadata: {name: %1$s}
          spec:
            clusterIP: %2$s
            ports: [{name: http, port: 80, targetPort: 8080}]
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata:
            name: %1$s
            labels: {kubernetes.io/service-name: %1$s}
          addressType: IPv4
          ports: [{name: http, port: 8080, protocol: TCP}]
          endpoints:
          %3$s---
          """
              .formatted(name(i), clusterIp(i), addresses));
    }
    return ManifestLoader.parse("bench-" + mode + "-" + services + ".yaml", yaml.toString());
  }
}
