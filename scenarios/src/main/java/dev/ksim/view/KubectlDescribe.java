package dev.ksim.view;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
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
        blocks.add(object instanceof Service s ? service(s) : pod((Pod) object));
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

  private static void labelsBlock(TabWriter w, String title, Map<String, String> labels) {
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
    w.row("Events:", "<none>");
    return w.render().stripTrailing() + "\n";
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

  private String pod(Pod pod) {
    TabWriter w = TabWriter.forDescribe();
    w.row("Name:", pod.getMetadata().getName());
    w.row("Namespace:", pod.getMetadata().getNamespace());
    w.row("Priority:", "0");
    w.row(
        "Service Account:",
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName());
    String node = PodUtil.nodeName(pod);
    String hostIp =
        pod.getStatus() == null || pod.getStatus().getHostIP() == null
            ? ""
            : pod.getStatus().getHostIP();
    w.row("Node:", node.isEmpty() ? "<none>" : node + "/" + hostIp);
    if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
      w.row("Start Time:", pod.getStatus().getStartTime());
    }
    labelsBlock(w, "Labels:", pod.getMetadata().getLabels());
    labelsBlock(w, "Annotations:", pod.getMetadata().getAnnotations());
    w.row("Status:", TableColumns.podStatus(pod));
    w.row("IP:", PodUtil.podIp(pod));
    if (pod.getStatus() != null && !pod.getStatus().getPodIPs().isEmpty()) {
      w.row("IPs:", "");
      pod.getStatus().getPodIPs().forEach(ip -> w.row("  IP:", ip.getIp()));
    } else {
      w.row("IPs:", "<none>");
    }
    w.row("Containers:", "");
    for (Container c : pod.getSpec().getContainers()) {
      w.row("  " + c.getName() + ":", "");
      w.row("    Image:", c.getImage());
      String ports =
          c.getPorts().isEmpty()
              ? "<none>"
              : String.join(
                  ", ",
                  c.getPorts().stream()
                      .map(p -> p.getContainerPort() + "/" + p.getProtocol())
                      .toList());
      w.row("    Port:", ports);
      if (c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null) {
        var probe = c.getReadinessProbe();
        var get = probe.getHttpGet();
        String port =
            get.getPort().getIntVal() != null
                ? get.getPort().getIntVal().toString()
                : get.getPort().getStrVal();
        w.row(
            "    Readiness:",
            "http-get http://:"
                + port
                + (get.getPath() == null ? "/" : get.getPath())
                + " delay="
                + probe.getInitialDelaySeconds()
                + "s timeout="
                + probe.getTimeoutSeconds()
                + "s period="
                + probe.getPeriodSeconds()
                + "s #success="
                + probe.getSuccessThreshold()
                + " #failure="
                + probe.getFailureThreshold());
      }
    }
    w.row("Conditions:", "");
    w.row("  Type", "Status");
    if (pod.getStatus() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        w.row("  " + c.getType(), c.getStatus());
      }
    }
    String nodeSelector = TableColumns.mapSelector(pod.getSpec().getNodeSelector());
    w.row("Node-Selectors:", nodeSelector);
    List<String> tolerations = new ArrayList<>();
    pod.getSpec()
        .getTolerations()
        .forEach(
            t ->
                tolerations.add(
                    (t.getKey() == null ? "" : t.getKey())
                        + ("Exists".equals(t.getOperator())
                            ? ""
                            : "=" + (t.getValue() == null ? "" : t.getValue()))
                        + (t.getEffect() == null ? "" : ":" + t.getEffect())
                        + (t.getTolerationSeconds() == null
                            ? ""
                            : " op=Exists for " + t.getTolerationSeconds() + "s")));
    if (tolerations.isEmpty()) {
      w.row("Tolerations:", "<none>");
    } else {
      for (int i = 0; i < tolerations.size(); i++) {
        w.row(i == 0 ? "Tolerations:" : "", tolerations.get(i));
      }
    }
    Optional<PodCondition> unschedulable =
        PodUtil.condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()));
    if (unschedulable.isPresent()) {
      w.row("Events:", "");
      w.row("  Type", "Reason", "Age", "From", "Message");
      w.row("  ----", "------", "----", "----", "-------");
      w.row(
          "  Warning",
          "FailedScheduling",
          TableColumns.age(pod, cluster.clock().now()),
          "default-scheduler",
          String.valueOf(unschedulable.get().getMessage()));
    } else {
      w.row("Events:", "<none>");
    }
    return w.render().stripTrailing() + "\n";
  }
}
