package dev.ksim.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoints of each Service port a proxier programs, merged from the Service's slices.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointschangetracker.go">endpointschangetracker.go
 *     EndpointsMap.Update</a>
 */
public final class EndpointsMap {
  private final Map<NamespacedName, Map<ServicePortName, List<EndpointInfo>>> services =
      new HashMap<>();

  /**
   * Reads again the endpoints of the Services whose slices changed.
   *
   * @return those Services (upstream's {@code UpdateEndpointsMapResult.UpdatedServices})
   */
  public Set<NamespacedName> update(EndpointsChangeTracker changes) {
    Set<NamespacedName> updated = changes.drain();
    for (NamespacedName service : updated) {
      Map<ServicePortName, List<EndpointInfo>> endpoints = changes.cache().endpoints(service);
      if (endpoints.isEmpty()) {
        services.remove(service);
      } else {
        services.put(service, endpoints);
      }
    }
    return updated;
  }

  /** The endpoints of one Service port, sorted as strings; empty when it has none. */
  public List<EndpointInfo> endpoints(ServicePortName port) {
    Map<ServicePortName, List<EndpointInfo>> ports = services.get(port.namespacedName());
    return ports == null ? List.of() : ports.getOrDefault(port, List.of());
  }
}
