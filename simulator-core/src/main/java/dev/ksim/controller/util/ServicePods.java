package dev.ksim.controller.util;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The pods behind a Service and the ports its targetPorts resolve to on each of them. */
public final class ServicePods {
  private ServicePods() {}

  /**
   * A Service port as it applies to one pod: the Service port's name and protocol, the pod's port.
   */
  public record ResolvedPort(
      String name,
      int port,
      String protocol,
      @org.jspecify.annotations.Nullable String appProtocol) {}

  /** The pods in the Service's namespace that its selector selects, by name. */
  public static List<Pod> selectedPods(ApiStore store, Service service) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    Map.Entry<String, String> first = selector.entrySet().iterator().next();
    List<Pod> candidates =
        store.listByLabel(
            ResourceType.POD,
            service.getMetadata().getNamespace(),
            first.getKey(),
            first.getValue());
    List<Pod> selected = new ArrayList<>(candidates.size());
    for (Pod pod : candidates) {
      if (LabelSelectors.matchesServiceSelector(selector, pod.getMetadata().getLabels())) {
        selected.add(pod);
      }
    }
    return selected;
  }

  /**
   * Whether the pod belongs in endpoints at all: it has an address and will run again (upstream's
   * {@code ShouldPodBeInEndpoints} with terminating pods included).
   */
  public static boolean shouldBeInEndpoints(Pod pod) {
    if (PodUtil.podIp(pod).isEmpty()) {
      return false;
    }
    String phase = PodUtil.phase(pod);
    String restart = pod.getSpec().getRestartPolicy();
    if ("Never".equals(restart)) {
      return !"Failed".equals(phase) && !"Succeeded".equals(phase);
    }
    if ("OnFailure".equals(restart)) {
      return !"Succeeded".equals(phase);
    }
    return true;
  }

  /** The Service's ports resolved on {@code pod}; a named targetPort the pod lacks is left out. */
  public static List<ResolvedPort> ports(Service service, Pod pod) {
    List<ResolvedPort> ports = new ArrayList<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      OptionalInt number =
          port.getTargetPort() == null
              ? OptionalInt.of(port.getPort())
              : PodUtil.findPort(pod, port.getTargetPort(), protocol);
      if (number.isPresent()) {
        ports.add(
            new ResolvedPort(
                port.getName() == null ? "" : port.getName(),
                number.getAsInt(),
                protocol,
                port.getAppProtocol()));
      }
    }
    return ports;
  }

  /** Whether a pod's hostname goes into endpoints: it has one and its subdomain is the Service. */
  public static boolean shouldSetHostname(Pod pod, Service service) {
    String hostname = pod.getSpec().getHostname();
    return hostname != null
        && !hostname.isEmpty()
        && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())
        && service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace());
  }
}
