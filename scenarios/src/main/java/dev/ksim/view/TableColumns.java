package dev.ksim.view;

import dev.ksim.api.node.NodeUtil;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The columns {@code kubectl get} prints for each kind, and how each cell is computed from the
 * object, as upstream's table printers compute them.
 *
 * @param headers the column headers (NAME first)
 * @param wideHeaders the extra columns of {@code -o wide}
 * @param cells the cells of one object (the age cell uses {@code now})
 * @param wideCells the extra cells of {@code -o wide}
 */
public record TableColumns(
    List<String> headers,
    List<String> wideHeaders,
    BiFunction<HasMetadata, Instant, List<String>> cells,
    BiFunction<HasMetadata, Instant, List<String>> wideCells) {

  private static final String NONE = "<none>";

  /** The columns of {@code type}. */
  public static TableColumns of(ResourceType<?> type) {
    return switch (type.kind()) {
      case "Pod" ->
          of(
              List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"),
              List.of("IP", "NODE", "NOMINATED NODE", "READINESS GATES"),
              Pod.class,
              TableColumns::pod,
              TableColumns::podWide);
      case "Service" ->
          of(
              List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"),
              List.of("SELECTOR"),
              Service.class,
              TableColumns::service,
              (s, now) -> List.of(mapSelector(s.getSpec().getSelector())));
      case "Endpoints" ->
          of(
              List.of("NAME", "ENDPOINTS", "AGE"),
              List.of(),
              Endpoints.class,
              (e, now) -> List.of(e.getMetadata().getName(), endpoints(e), age(e, now)),
              (e, now) -> List.of());
      case "EndpointSlice" ->
          of(
              List.of("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"),
              List.of(),
              EndpointSlice.class,
              TableColumns::endpointSlice,
              (e, now) -> List.of());
      case "Deployment" ->
          of(
              List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"),
              List.of("CONTAINERS", "IMAGES", "SELECTOR"),
              Deployment.class,
              TableColumns::deployment,
              (d, now) ->
                  templateWide(
                      d.getSpec().getTemplate(), LabelSelectors.format(d.getSpec().getSelector())));
      case "ReplicaSet" ->
          of(
              List.of("NAME", "DESIRED", "CURRENT", "READY", "AGE"),
              List.of("CONTAINERS", "IMAGES", "SELECTOR"),
              ReplicaSet.class,
              TableColumns::replicaSet,
              (r, now) ->
                  templateWide(
                      r.getSpec().getTemplate(), LabelSelectors.format(r.getSpec().getSelector())));
      case "StatefulSet" ->
          of(
              List.of("NAME", "READY", "AGE"),
              List.of("CONTAINERS", "IMAGES"),
              StatefulSet.class,
              TableColumns::statefulSet,
              (s, now) -> templateWide(s.getSpec().getTemplate(), null));
      case "DaemonSet" ->
          of(
              List.of(
                  "NAME",
                  "DESIRED",
                  "CURRENT",
                  "READY",
                  "UP-TO-DATE",
                  "AVAILABLE",
                  "NODE SELECTOR",
                  "AGE"),
              List.of("CONTAINERS", "IMAGES", "SELECTOR"),
              DaemonSet.class,
              TableColumns::daemonSet,
              (d, now) ->
                  templateWide(
                      d.getSpec().getTemplate(), LabelSelectors.format(d.getSpec().getSelector())));
      case "Node" ->
          of(
              List.of("NAME", "STATUS", "ROLES", "AGE", "VERSION"),
              List.of(
                  "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"),
              Node.class,
              TableColumns::node,
              TableColumns::nodeWide);
      case "ConfigMap" ->
          of(
              List.of("NAME", "DATA", "AGE"),
              List.of(),
              ConfigMap.class,
              (c, now) ->
                  List.of(
                      c.getMetadata().getName(),
                      Integer.toString(size(c.getData()) + size(c.getBinaryData())),
                      age(c, now)),
              (c, now) -> List.of());
      case "Secret" ->
          of(
              List.of("NAME", "TYPE", "DATA", "AGE"),
              List.of(),
              Secret.class,
              (s, now) ->
                  List.of(
                      s.getMetadata().getName(),
                      String.valueOf(s.getType()),
                      Integer.toString(size(s.getData()) + size(s.getStringData())),
                      age(s, now)),
              (s, now) -> List.of());
      case "Namespace" ->
          of(
              List.of("NAME", "STATUS", "AGE"),
              List.of(),
              Namespace.class,
              (n, now) ->
                  List.of(
                      n.getMetadata().getName(),
                      n.getStatus() == null ? "Active" : String.valueOf(n.getStatus().getPhase()),
                      age(n, now)),
              (n, now) -> List.of());
      case "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "Ingress", "IngressClass" ->
          StorageAndIngressColumns.of(type);
      case "Event" -> EventColumns.columns();
      default -> throw new IllegalArgumentException("no table for " + type.kind());
    };
  }

  static <T extends HasMetadata> TableColumns of(
      List<String> headers,
      List<String> wideHeaders,
      Class<T> modelClass,
      BiFunction<T, Instant, List<String>> cells,
      BiFunction<T, Instant, List<String>> wideCells) {
    return new TableColumns(
        headers,
        wideHeaders,
        (o, now) -> cells.apply(modelClass.cast(o), now),
        (o, now) -> wideCells.apply(modelClass.cast(o), now));
  }

  private static int size(@Nullable Map<String, String> map) {
    return map == null ? 0 : map.size();
  }

  /** The AGE cell: time since creation. */
  static String age(HasMetadata object, Instant now) {
    String created = object.getMetadata().getCreationTimestamp();
    if (created == null) {
      return "<unknown>";
    }
    return HumanDuration.format(Duration.between(Instant.parse(created), now));
  }

  static String orNone(@Nullable String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  private static List<String> pod(Pod pod, Instant now) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
    long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
    int restarts =
        statuses.stream()
            .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount())
            .sum();
    return List.of(
        pod.getMetadata().getName(),
        ready + "/" + pod.getSpec().getContainers().size(),
        podStatus(pod),
        Integer.toString(restarts),
        age(pod, now));
  }

  /** The STATUS column: Terminating, the container's waiting reason, or the phase. */
  static String podStatus(Pod pod) {
    if (PodUtil.isTerminating(pod)) {
      return "Terminating";
    }
    String phase = PodUtil.phase(pod);
    String waiting =
        pod.getStatus() == null
            ? null
            : pod.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                .map(s -> s.getState().getWaiting().getReason())
                .filter(r -> r != null && !r.isEmpty())
                .reduce((first, later) -> later)
                .orElse(null);
    if (waiting != null) {
      return waiting;
    }
    if ("Pending".equals(phase) && !PodUtil.nodeName(pod).isEmpty()) {
      return "ContainerCreating";
    }
    if ("Succeeded".equals(phase)) {
      return "Completed";
    }
    return phase;
  }

  private static List<String> podWide(Pod pod, Instant now) {
    return List.of(
        orNone(PodUtil.podIp(pod)),
        orNone(PodUtil.nodeName(pod)),
        orNone(pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName()),
        pod.getSpec().getReadinessGates().isEmpty()
            ? NONE
            : pod.getSpec().getReadinessGates().size() + "");
  }

  private static List<String> service(Service service, Instant now) {
    String type = service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
    String clusterIp =
        "ExternalName".equals(type) ? NONE : orNone(service.getSpec().getClusterIP());
    return List.of(
        service.getMetadata().getName(),
        type,
        clusterIp,
        externalIp(service),
        ports(service),
        age(service, now));
  }

  /** EXTERNAL-IP as kubectl's getServiceExternalIP computes it. */
  static String externalIp(Service service) {
    String type = service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
    List<String> external = service.getSpec().getExternalIPs();
    if ("ExternalName".equals(type)) {
      return orNone(service.getSpec().getExternalName());
    }
    if ("LoadBalancer".equals(type)) {
      List<String> ips = new ArrayList<>();
      if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
          ips.add(
              ingress.getIp() != null ? ingress.getIp() : String.valueOf(ingress.getHostname()));
        }
      }
      ips.addAll(external);
      return ips.isEmpty() ? "<pending>" : String.join(",", ips);
    }
    return external.isEmpty() ? NONE : String.join(",", external);
  }

  static String ports(Service service) {
    List<ServicePort> ports = service.getSpec().getPorts();
    if (ports.isEmpty()) {
      return NONE;
    }
    return ports.stream()
        .map(
            p ->
                p.getNodePort() != null && p.getNodePort() != 0
                    ? p.getPort() + ":" + p.getNodePort() + "/" + p.getProtocol()
                    : p.getPort() + "/" + p.getProtocol())
        .collect(Collectors.joining(","));
  }

  /** A map selector as {@code k=v,k2=v2}, sorted by key. */
  static String mapSelector(@Nullable Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return NONE;
    }
    return new TreeMap<>(selector)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** ENDPOINTS: up to three {@code ip:port} pairs, then {@code + N more...}. */
  static String endpoints(Endpoints endpoints) {
    List<String> all = new ArrayList<>();
    for (EndpointSubset subset : endpoints.getSubsets()) {
      if (subset.getPorts().isEmpty()) {
        for (EndpointAddress address : subset.getAddresses()) {
          all.add(address.getIp());
        }
      }
      for (EndpointPort port : subset.getPorts()) {
        for (EndpointAddress address : subset.getAddresses()) {
          all.add(hostPort(address.getIp(), port.getPort()));
        }
      }
    }
    return limited(all);
  }

  private static String hostPort(String ip, int port) {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  private static String limited(List<String> items) {
    if (items.isEmpty()) {
      return NONE;
    }
    if (items.size() <= 3) {
      return String.join(",", items);
    }
    return String.join(",", items.subList(0, 3)) + " + " + (items.size() - 3) + " more...";
  }

  private static List<String> endpointSlice(EndpointSlice slice, Instant now) {
    String ports =
        slice.getPorts().isEmpty()
            ? "<unset>"
            : slice.getPorts().stream()
                .map(p -> p.getPort() == null ? "<unset>" : p.getPort().toString())
                .collect(Collectors.joining(","));
    List<String> addresses = new ArrayList<>();
    slice.getEndpoints().forEach(e -> addresses.addAll(e.getAddresses()));
    String endpoints = addresses.isEmpty() ? "<unset>" : limited(addresses);
    return List.of(
        slice.getMetadata().getName(), slice.getAddressType(), ports, endpoints, age(slice, now));
  }

  private static int orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
  }

  private static List<String> deployment(Deployment d, Instant now) {
    var status = d.getStatus();
    return List.of(
        d.getMetadata().getName(),
        orZero(status == null ? null : status.getReadyReplicas())
            + "/"
            + orZero(d.getSpec().getReplicas()),
        Integer.toString(orZero(status == null ? null : status.getUpdatedReplicas())),
        Integer.toString(orZero(status == null ? null : status.getAvailableReplicas())),
        age(d, now));
  }

  private static List<String> replicaSet(ReplicaSet r, Instant now) {
    var status = r.getStatus();
    return List.of(
        r.getMetadata().getName(),
        Integer.toString(orZero(r.getSpec().getReplicas())),
        Integer.toString(orZero(status == null ? null : status.getReplicas())),
        Integer.toString(orZero(status == null ? null : status.getReadyReplicas())),
        age(r, now));
  }

  private static List<String> statefulSet(StatefulSet s, Instant now) {
    var status = s.getStatus();
    return List.of(
        s.getMetadata().getName(),
        orZero(status == null ? null : status.getReadyReplicas())
            + "/"
            + orZero(s.getSpec().getReplicas()),
        age(s, now));
  }

  private static List<String> daemonSet(DaemonSet d, Instant now) {
    var status = d.getStatus();
    return List.of(
        d.getMetadata().getName(),
        Integer.toString(orZero(status == null ? null : status.getDesiredNumberScheduled())),
        Integer.toString(orZero(status == null ? null : status.getCurrentNumberScheduled())),
        Integer.toString(orZero(status == null ? null : status.getNumberReady())),
        Integer.toString(orZero(status == null ? null : status.getUpdatedNumberScheduled())),
        Integer.toString(orZero(status == null ? null : status.getNumberAvailable())),
        mapSelector(d.getSpec().getTemplate().getSpec().getNodeSelector()),
        age(d, now));
  }

  private static List<String> templateWide(PodTemplateSpec template, @Nullable String selector) {
    List<String> cells = new ArrayList<>();
    cells.add(
        template.getSpec().getContainers().stream()
            .map(Container::getName)
            .collect(Collectors.joining(",")));
    cells.add(
        template.getSpec().getContainers().stream()
            .map(Container::getImage)
            .collect(Collectors.joining(",")));
    if (selector != null) {
      cells.add(selector);
    }
    return cells;
  }

  private static List<String> node(Node node, Instant now) {
    boolean ready =
        node.getStatus() != null
            && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String status = ready ? "Ready" : "NotReady";
    if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      status += ",SchedulingDisabled";
    }
    List<String> roles = new ArrayList<>();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    for (String key : new TreeMap<>(labels).keySet()) {
      if (key.startsWith("node-role.kubernetes.io/")) {
        roles.add(key.substring("node-role.kubernetes.io/".length()));
      }
    }
    String version =
        node.getStatus() == null || node.getStatus().getNodeInfo() == null
            ? ""
            : node.getStatus().getNodeInfo().getKubeletVersion();
    return List.of(
        node.getMetadata().getName(),
        status,
        roles.isEmpty() ? NONE : String.join(",", roles),
        age(node, now),
        version);
  }

  private static List<String> nodeWide(Node node, Instant now) {
    var info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
    return List.of(
        orNone(String.join(",", NodeUtil.internalIps(node))),
        orNone(
            node.getStatus() == null
                ? null
                : node.getStatus().getAddresses().stream()
                    .filter(a -> "ExternalIP".equals(a.getType()))
                    .map(NodeAddress::getAddress)
                    .collect(Collectors.joining(","))),
        info == null ? "<unknown>" : info.getOsImage(),
        info == null ? "<unknown>" : info.getKernelVersion(),
        info == null ? "<unknown>" : info.getContainerRuntimeVersion());
  }
}
