package dev.ksim.proxy;

import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The EndpointSlices (of its family) a proxier has heard of, by Service and slice name, and the
 * endpoints of each Service port merged from them as kube-proxy merges them: one endpoint per
 * {@code ip:port} (the first seen in slice name order, replaced by a non-terminating duplicate),
 * sorted as strings.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointslicecache.go">endpointslicecache.go</a>
 */
public final class EndpointSliceCache {
  private final String nodeName;
  private final Map<NamespacedName, Map<String, EndpointSlice>> slices = new TreeMap<>();

  public EndpointSliceCache(String nodeName) {
    this.nodeName = nodeName;
  }

  /** The Service a slice belongs to, by its {@code kubernetes.io/service-name} label. */
  public static Optional<NamespacedName> serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(EndpointSliceController.SERVICE_NAME);
    if (service == null || service.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new NamespacedName(slice.getMetadata().getNamespace(), service));
  }

  /** Keeps, replaces or (when {@code removed}) forgets one slice of {@code service}. */
  void update(NamespacedName service, EndpointSlice slice, boolean removed) {
    String name = slice.getMetadata().getName();
    if (removed) {
      Map<String, EndpointSlice> ofService = slices.get(service);
      if (ofService != null) {
        ofService.remove(name);
        if (ofService.isEmpty()) {
          slices.remove(service);
        }
      }
    } else {
      slices.computeIfAbsent(service, s -> new TreeMap<>()).put(name, slice);
    }
  }

  /** The endpoints of every port of one Service, seen from this node. */
  Map<ServicePortName, List<EndpointInfo>> endpoints(NamespacedName service) {
    Map<ServicePortName, Map<String, EndpointInfo>> byPort = new LinkedHashMap<>();
    for (EndpointSlice slice : slices.getOrDefault(service, Map.of()).values()) {
      for (EndpointPort port : slice.getPorts()) {
        if (port.getPort() == null) {
          continue;
        }
        Protocol protocol =
            Protocol.tryParse(port.getProtocol() == null ? "TCP" : port.getProtocol())
                .orElse(Protocol.TCP);
        ServicePortName name =
            new ServicePortName(
                service.namespace(),
                service.name(),
                port.getName() == null ? "" : port.getName(),
                protocol);
        Map<String, EndpointInfo> endpoints =
            byPort.computeIfAbsent(name, n -> new LinkedHashMap<>());
        for (Endpoint endpoint : slice.getEndpoints()) {
          endpointInfo(endpoint, port.getPort())
              .ifPresent(
                  info -> {
                    EndpointInfo existing = endpoints.get(info.toString());
                    if (existing == null || (existing.terminating() && !info.terminating())) {
                      endpoints.put(info.toString(), info);
                    }
                  });
        }
      }
    }
    Map<ServicePortName, List<EndpointInfo>> result = new LinkedHashMap<>();
    byPort.forEach(
        (name, endpoints) -> {
          List<EndpointInfo> sorted = new ArrayList<>(endpoints.values());
          sorted.sort(Comparator.comparing(EndpointInfo::toString));
          result.put(name, sorted);
        });
    return result;
  }

  /**
   * One endpoint as kube-proxy sees it (upstream's {@code newBaseEndpointInfo}): its first address,
   * a missing ready or serving condition counted as true, a missing terminating as false.
   */
  private Optional<EndpointInfo> endpointInfo(Endpoint endpoint, int port) {
    if (endpoint.getAddresses().isEmpty()) {
      return Optional.empty();
    }
    var conditions = endpoint.getConditions();
    boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
    boolean serving =
        conditions == null || conditions.getServing() == null || conditions.getServing();
    boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
    return IpAddress.tryParse(endpoint.getAddresses().get(0))
        .map(
            ip ->
                new EndpointInfo(
                    new IpPort(ip, port),
                    ready,
                    serving,
                    terminating,
                    nodeName.equals(endpoint.getNodeName())));
  }
}
