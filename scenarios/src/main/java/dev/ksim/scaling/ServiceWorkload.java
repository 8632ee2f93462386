package dev.ksim.scaling;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.manifest.ObjectManifest;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
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
  /** The lines of one Service's two documents in {@link #yaml}, less one per endpoint. */
  private static final int SERVICE_HEAD_LINES = 16;

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

  /**
   * The index-th Service's name: {@code svc-} and the index, at least five digits (padded without
   * {@code String.format}, which took a tenth of the 10,000-Service settle's CPU cold, three names
   * per Service).
   */
  public static String name(int index) {
    String digits = Integer.toString(index);
    return "svc-" + "00000".substring(Math.min(5, digits.length())) + digits;
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

  /**
   * The workload as manifests: the KubeProxyConfiguration, then each Service and its slice, the
   * objects {@link #yaml} describes. Only the configuration and the first Service's two documents
   * are read as YAML; every other Service and slice is a copy of those with its own name, cluster
   * IP and endpoints, its document the first one's moved to where it stands in {@link #yaml}'s text
   * (reading 20,000 documents of YAML took nearly a third of the 10,000-Service settle).
   */
  public Manifests manifests() {
    Manifests head = ManifestLoader.parse(file(), header() + serviceYaml(0));
    ObjectManifest service = head.objects().get(0);
    ObjectManifest slice = head.objects().get(1);
    List<ObjectManifest> objects = new ArrayList<>(2 * services);
    for (int i = 0; i < services; i++) {
      int shift = i * serviceLines();
      objects.add(
          new ObjectManifest(
              service.document().shifted(shift),
              ResourceType.SERVICE,
              service(ResourceType.SERVICE.copy(service.object()), i)));
      objects.add(
          new ObjectManifest(
              slice.document().shifted(shift),
              ResourceType.ENDPOINT_SLICE,
              slice(ResourceType.ENDPOINT_SLICE.copy(slice.object()), i)));
    }
    return new Manifests(
        objects, head.clusterConfigurations(), head.kubeProxyConfigurations(), head.warnings());
  }

  /** The workload as one YAML file, as {@code tools/gen-services.py} writes it. */
  public String yaml() {
    StringBuilder yaml = new StringBuilder(header());
    for (int i = 0; i < services; i++) {
      yaml.append(serviceYaml(i));
    }
    return yaml.toString();
  }

  private String file() {
    return "bench-" + mode + "-" + services + ".yaml";
  }

  private String header() {
    return """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: %s
        ---
        """
        .formatted(mode);
  }

  /** The lines of one Service's two documents in {@link #yaml}. */
  private int serviceLines() {
    return SERVICE_HEAD_LINES + endpoints;
  }

  /** The index-th Service and its slice, two YAML documents. */
  private String serviceYaml(int index) {
    StringBuilder addresses = new StringBuilder();
    for (int e = 0; e < endpoints; e++) {
      addresses.append(
          "  - {addresses: [%s], nodeName: %s}\n".formatted(endpointIp(index, e), nodeName(e)));
    }
    return """
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
        .formatted(name(index), clusterIp(index), addresses);
  }

  /** The node of a Service's e-th endpoint. */
  private static String nodeName(int e) {
    return "k8s-node0" + (1 + e % 2);
  }

  /** {@code template}, the first Service, made the index-th. */
  private static Service service(Service template, int index) {
    template.getMetadata().setName(name(index));
    template.getSpec().setClusterIP(clusterIp(index).toString());
    return template;
  }

  /** {@code template}, the first Service's slice, made the index-th Service's. */
  private EndpointSlice slice(EndpointSlice template, int index) {
    String name = name(index);
    template.getMetadata().setName(name);
    template.getMetadata().getLabels().put(EndpointSliceController.SERVICE_NAME, name);
    for (int e = 0; e < endpoints; e++) {
      Endpoint endpoint = template.getEndpoints().get(e);
      endpoint.setAddresses(new ArrayList<>(List.of(endpointIp(index, e).toString())));
      endpoint.setNodeName(nodeName(e));
    }
    return template;
  }
}
