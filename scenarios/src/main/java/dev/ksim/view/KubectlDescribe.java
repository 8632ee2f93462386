package dev.ksim.view;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code kubectl describe} for Services and Pods, laid out as kubectl's describers lay them out (a
 * tab-aligned list of fields, endpoints read from EndpointSlices).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/kubectl/pkg/describe/describe.go">kubectl
 *     describe.go</a>
 */
final class KubectlDescribe {
  private final Cluster cluster;

  KubectlDescribe(Cluster cluster) {
    this.cluster = cluster;
  }

  CommandResult describe(KubectlArgs args) {
    List<Kubectl.Request> requests;
    try {
      requests = Kubectl.requests(args);
    } catch (IllegalArgumentException e) {
      return CommandResult.error("error: " + e.getMessage() + "\n", 1);
    }
    String namespace = args.namespace() == null ? "default" : args.namespace();
    List<String> blocks = new ArrayList<>();
    StringBuilder errors = new StringBuilder();
    for (Kubectl.Request request : requests) {
      ResourceType<?> type = request.type();
      if (!type.equals(ResourceType.SERVICE) && !type.equals(ResourceType.POD)) {
        return CommandResult.error(
            "error: ksim does not model `kubectl describe "
                + type.plural()
                + "` (it describes services and pods)\n",
            1);
      }
      List<HasMetadata> objects = new ArrayList<>();
      if (request.names().isEmpty()) {
        objects.addAll(cluster.store().list(type, namespace));
      }
      for (String name : request.names()) {
        Optional<HasMetadata> found = cluster.store().get(new ObjectKey(type, namespace, name));
        if (found.isPresent()) {
          objects.add(found.get());
        } else {
          errors
              .append("Error from server (NotFound): ")
              .append(type.plural())
              .append(" \"")
              .append(name)
              .append("\" not found\n");
        }
      }
      for (HasMetadata object : objects) {
        blocks.add(
            object instanceof Service s
                ? service(s)
                : new PodDescriber(cluster).describe((Pod) object));
      }
    }
    if (blocks.isEmpty() && errors.length() == 0) {
      errors.append("No resources found in ").append(namespace).append(" namespace.\n");
    }
    return new CommandResult(
        String.join("\n\n", blocks),
        errors.toString(),
        errors.length() > 0 && blocks.isEmpty() ? 1 : 0);
  }

  static void labelsBlock(TabWriter w, String title, Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      w.row(title, "<none>");
      return;
    }
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      w.row(first ? title : "", e.getKey() + "=" + e.getValue());
      first = false;
    }
  }

  private String service(Service service) {
    TabWriter w = TabWriter.forDescribe();
    var spec = service.getSpec();
    w.row("Name:", service.getMetadata().getName());
    w.row("Namespace:", service.getMetadata().getNamespace());
    labelsBlock(w, "Labels:", service.getMetadata().getLabels());
    labelsBlock(w, "Annotations:", service.getMetadata().getAnnotations());
    w.row("Selector:", TableColumns.mapSelector(spec.getSelector()));
    w.row("Type:", spec.getType());
    if (spec.getIpFamilyPolicy() != null) {
      w.row("IP Family Policy:", spec.getIpFamilyPolicy());
    }
    if (!spec.getIpFamilies().isEmpty()) {
      w.row("IP Families:", String.join(",", spec.getIpFamilies()));
    }
    if (!"ExternalName".equals(spec.getType())) {
      w.row("IP:", spec.getClusterIP() == null ? "" : spec.getClusterIP());
      w.row("IPs:", String.join(",", spec.getClusterIPs()));
    }
    if (!spec.getExternalIPs().isEmpty()) {
      w.row("External IPs:", String.join(",", spec.getExternalIPs()));
    }
    if (service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && !service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      List<String> ips = new ArrayList<>();
      service
          .getStatus()
          .getLoadBalancer()
          .getIngress()
          .forEach(i -> ips.add(i.getIp() != null ? i.getIp() : String.valueOf(i.getHostname())));
      w.row("LoadBalancer Ingress:", String.join(", ", ips));
    }
    if ("ExternalName".equals(spec.getType())) {
      w.row("External Name:", spec.getExternalName());
    }
    List<EndpointSlice> slices =
        cluster
            .store()
            .listByLabel(
                ResourceType.ENDPOINT_SLICE,
                service.getMetadata().getNamespace(),
                EndpointSliceController.SERVICE_NAME,
                service.getMetadata().getName());
    for (ServicePort port : spec.getPorts()) {
      String name = port.getName() == null || port.getName().isEmpty() ? "<unset>" : port.getName();
      w.row("Port:", name, port.getPort() + "/" + port.getProtocol());
      String target =
          port.getTargetPort() == null
              ? port.getPort().toString()
              : port.getTargetPort().getIntVal() != null
                  ? port.getTargetPort().getIntVal().toString()
                  : port.getTargetPort().getStrVal();
      w.row("TargetPort:", target + "/" + port.getProtocol());
      if (port.getNodePort() != null && port.getNodePort() != 0) {
        w.row("NodePort:", name, port.getNodePort() + "/" + port.getProtocol());
      }
      w.row("Endpoints:", endpoints(slices, port));
    }
    w.row("Session Affinity:", spec.getSessionAffinity());
    if (spec.getSessionAffinityConfig() != null
        && spec.getSessionAffinityConfig().getClientIP() != null) {
      w.row(
          "Session Affinity Timeout:",
          spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() + "s");
    }
    if (spec.getExternalTrafficPolicy() != null) {
      w.row("External Traffic Policy:", spec.getExternalTrafficPolicy());
    }
    if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0) {
      w.row("HealthCheck NodePort:", spec.getHealthCheckNodePort().toString());
    }
    if (spec.getInternalTrafficPolicy() != null) {
      w.row("Internal Traffic Policy:", spec.getInternalTrafficPolicy());
    }
    DescribeEvents.write(w, cluster, service);
    return w.render();
  }

  /** The ready endpoints of one Service port, {@code ip:port,...}. */
  private static String endpoints(List<EndpointSlice> slices, ServicePort servicePort) {
    String name = servicePort.getName() == null ? "" : servicePort.getName();
    List<String> result = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      for (EndpointPort port : slice.getPorts()) {
        String portName = port.getName() == null ? "" : port.getName();
        if (!portName.equals(name) || port.getPort() == null) {
          continue;
        }
        for (Endpoint endpoint : slice.getEndpoints()) {
          if (endpoint.getConditions() == null
              || !Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
            for (String address : endpoint.getAddresses()) {
              result.add(
                  address.contains(":")
                      ? "[" + address + "]:" + port.getPort()
                      : address + ":" + port.getPort());
            }
          }
        }
      }
    }
    return result.isEmpty() ? "<none>" : String.join(",", result);
  }
}
