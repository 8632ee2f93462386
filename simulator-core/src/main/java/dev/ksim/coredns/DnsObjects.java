package dev.ksim.coredns;

import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.dns.kubernetes.DnsEndpoint;
import dev.ksim.dns.kubernetes.DnsEndpointSlice;
import dev.ksim.dns.kubernetes.DnsPod;
import dev.ksim.dns.kubernetes.DnsPort;
import dev.ksim.dns.kubernetes.DnsService;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * API objects turned into what the kubernetes plugin keeps of them, as its {@code object} package
 * does (coredns {@code plugin/kubernetes/object}): Service kind, ClusterIPs and ports; the ready
 * endpoints of a slice with their hostnames; pods' addresses.
 */
final class DnsObjects {
  private static final Set<String> UNCOUNTED_PHASES = Set.of("Succeeded", "Failed", "Unknown");

  private DnsObjects() {}

  static DnsService service(Service service) {
    var spec = service.getSpec();
    String ns = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    if ("ExternalName".equals(spec.getType())) {
      return new DnsService(
          ns,
          name,
          ServiceKind.EXTERNAL_NAME,
          List.of(),
          List.of(),
          Objects.requireNonNullElse(spec.getExternalName(), ""));
    }
    List<String> ips = new ArrayList<>();
    if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
      ips.addAll(spec.getClusterIPs());
    } else if (spec.getClusterIP() != null) {
      ips.add(spec.getClusterIP());
    }
    boolean headless = ips.isEmpty() || ips.contains("None");
    List<DnsPort> ports = new ArrayList<>();
    for (ServicePort p : Optional.ofNullable(spec.getPorts()).orElse(List.of())) {
      ports.add(
          new DnsPort(
              Objects.requireNonNullElse(p.getName(), ""),
              Objects.requireNonNullElse(p.getProtocol(), "TCP"),
              p.getPort() == null ? -1 : p.getPort()));
    }
    return new DnsService(
        ns,
        name,
        headless ? ServiceKind.HEADLESS : ServiceKind.CLUSTER_IP,
        headless ? List.of() : ips,
        ports,
        "");
  }

  /** The slice, or empty when it is not labelled for a Service. */
  static Optional<DnsEndpointSlice> slice(EndpointSlice slice) {
    var labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(EndpointSliceController.SERVICE_NAME);
    if (service == null) {
      return Optional.empty();
    }
    List<DnsPort> ports = new ArrayList<>();
    for (EndpointPort p : Optional.ofNullable(slice.getPorts()).orElse(List.of())) {
      ports.add(
          new DnsPort(
              Objects.requireNonNullElse(p.getName(), ""),
              Objects.requireNonNullElse(p.getProtocol(), "TCP"),
              p.getPort() == null ? -1 : p.getPort()));
    }
    List<DnsEndpoint> endpoints = new ArrayList<>();
    for (Endpoint e : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
      boolean ready =
          e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
      String pod =
          e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())
              ? Objects.requireNonNullElse(e.getTargetRef().getName(), "")
              : "";
      endpoints.add(
          new DnsEndpoint(
              Optional.ofNullable(e.getAddresses()).orElse(List.of()),
              Objects.requireNonNullElse(e.getHostname(), ""),
              ready,
              pod));
    }
    return Optional.of(
        new DnsEndpointSlice(
            slice.getMetadata().getNamespace(),
            slice.getMetadata().getName(),
            service,
            ports,
            endpoints));
  }

  /** The pod, or empty while it has no address. */
  static Optional<DnsPod> pod(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
      return Optional.empty();
    }
    boolean counted =
        pod.getMetadata().getDeletionTimestamp() == null
            && !UNCOUNTED_PHASES.contains(pod.getStatus().getPhase());
    return Optional.of(
        new DnsPod(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getStatus().getPodIP(),
            counted));
  }
}
