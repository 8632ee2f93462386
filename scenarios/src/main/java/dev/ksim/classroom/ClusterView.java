package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.api.node.NodeUtil;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.view.TraceJson;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as the page draws it: nodes (address, pod CIDRs, kube-proxy's mode) with their pods,
 * the Services with their ClusterIPs, NodePorts and endpoints, and the pods not scheduled yet.
 * Sorted by name, as {@code kubectl get} does, so the same cluster always gives the same text.
 */
final class ClusterView {
  private static final String SERVICE_NAME = "kubernetes.io/service-name";

  private ClusterView() {}

  static ObjectNode of(Cluster cluster) {
    ObjectNode root = TraceJson.node();
    List<Pod> pods =
        cluster.store().list(ResourceType.POD).stream()
            .sorted(
                Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                    .thenComparing(p -> p.getMetadata().getName()))
            .toList();
    ArrayNode nodes = root.putArray("nodes");
    List<Node> sorted =
        cluster.store().list(ResourceType.NODE).stream()
            .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
            .toList();
    for (Node node : sorted) {
      String name = node.getMetadata().getName();
      ObjectNode n = nodes.addObject();
      n.put("name", name);
      n.put("address", String.join(", ", NodeUtil.internalIps(node)));
      ArrayNode cidrs = n.putArray("podCIDRs");
      if (node.getSpec() != null && node.getSpec().getPodCIDRs() != null) {
        node.getSpec().getPodCIDRs().forEach(cidrs::add);
      }
      KubeProxy proxy = cluster.kubeProxies().get(name);
      n.put("mode", proxy == null ? "none" : proxy.configuration().mode().token());
      ArrayNode on = n.putArray("pods");
      pods.stream().filter(p -> PodUtil.nodeName(p).equals(name)).forEach(p -> pod(on, p));
    }
    ArrayNode pending = root.putArray("pending");
    pods.stream().filter(p -> PodUtil.nodeName(p).isEmpty()).forEach(p -> pod(pending, p));
    ArrayNode services = root.putArray("services");
    Map<String, List<String>> endpoints = endpoints(cluster);
    cluster.store().list(ResourceType.SERVICE).stream()
        .sorted(
            Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()))
        .forEach(
            s -> {
              ArrayNode list = service(services, s).putArray("endpoints");
              endpoints
                  .getOrDefault(
                      s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), List.of())
                  .forEach(list::add);
            });
    return root;
  }

  /**
   * Each Service's endpoints from its EndpointSlices (label {@code kubernetes.io/service-name}), as
   * {@code kubectl get endpointslices} lists them: address, then "(not ready)" when its ready
   * condition is false.
   */
  private static Map<String, List<String>> endpoints(Cluster cluster) {
    Map<String, List<String>> out = new TreeMap<>();
    for (EndpointSlice slice : cluster.store().list(ResourceType.ENDPOINT_SLICE)) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(SERVICE_NAME);
      if (service == null || slice.getEndpoints() == null) {
        continue;
      }
      List<String> list =
          out.computeIfAbsent(
              slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>());
      for (Endpoint endpoint : slice.getEndpoints()) {
        boolean ready =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        endpoint.getAddresses().forEach(a -> list.add(ready ? a : a + " (not ready)"));
      }
    }
    out.values().forEach(l -> l.sort(Comparator.naturalOrder()));
    return out;
  }

  private static void pod(ArrayNode into, Pod pod) {
    ObjectNode p = into.addObject();
    p.put("namespace", pod.getMetadata().getNamespace());
    p.put("name", pod.getMetadata().getName());
    p.put("ip", PodUtil.podIp(pod));
    p.put("phase", PodUtil.phase(pod));
    p.put("ready", PodUtil.isReady(pod));
    boolean hostNetwork =
        pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    p.put("hostNetwork", hostNetwork);
  }

  private static ObjectNode service(ArrayNode into, Service service) {
    ObjectNode s = into.addObject();
    s.put("namespace", service.getMetadata().getNamespace());
    s.put("name", service.getMetadata().getName());
    s.put("type", service.getSpec().getType());
    s.put("clusterIP", String.valueOf(service.getSpec().getClusterIP()));
    ArrayNode ports = s.putArray("ports");
    if (service.getSpec().getPorts() != null) {
      for (ServicePort port : service.getSpec().getPorts()) {
        ObjectNode p = ports.addObject();
        p.put("name", port.getName() == null ? "" : port.getName());
        p.put("protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
        p.put("port", port.getPort());
        if (port.getNodePort() != null) {
          p.put("nodePort", port.getNodePort());
        }
      }
    }
    return s;
  }
}
