package dev.ksim.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of each Service port a proxier programs, merged from the Service's slices.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointschangetracker.go">endpointschangetracker.go
 *     EndpointsMap.Update</a>
 */
public final class EndpointsMap {
  private final String nodeName;

  /** Each Service's slices as the last update read them (immutable, so a snapshot). */
  private final Map<NamespacedName, ServiceSlices> services = new HashMap<>();

  /**
   * The endpoints of each Service's ports as this node sees them, taken from {@link #services} when
   * first asked for since the Service's last update: the ipvs and nftables proxiers ask for every
   * port on every sync, the iptables proxier only for a port that uses this node's own endpoints.
   */
  private final Map<NamespacedName, Map<ServicePortName, List<EndpointInfo>>> seen =
      new HashMap<>();

  /** The endpoints as the node named {@code nodeName} sees them. */
  public EndpointsMap(String nodeName) {
    this.nodeName = nodeName;
  }

  /**
   * Reads again the endpoints of the Services whose slices changed.
   *
   * @return those Services (upstream's {@code UpdateEndpointsMapResult.UpdatedServices})
   */
  public Set<NamespacedName> update(EndpointsChangeTracker changes) {
    Set<NamespacedName> updated = changes.drain();
    EndpointSliceCache cache = changes.cache();
    for (NamespacedName service : updated) {
      update(service, cache.slices(service));
    }
    return updated;
  }

  /**
   * Takes the slices of one Service as they are now (null for none). A method of its own, not the
   * body of the loop above, which a sync runs once for up to every Service: so it is compiled after
   * a few hundred Services, not interpreted for all of them.
   */
  private void update(NamespacedName service, @Nullable ServiceSlices slices) {
    seen.remove(service);
    if (slices == null) {
      services.remove(service);
    } else {
      services.put(service, slices);
    }
  }

  /**
   * The endpoints of one Service port, sorted as strings, each marked local when it is on this
   * node; empty when it has none.
   */
  public List<EndpointInfo> endpoints(ServicePortName port) {
    NamespacedName service = port.namespacedName();
    Map<ServicePortName, List<EndpointInfo>> ports = seen.get(service);
    if (ports == null) {
      ServiceSlices slices = services.get(service);
      if (slices == null) {
        return List.of();
      }
      ports = slices.endpoints(nodeName);
      seen.put(service, ports);
    }
    return orNone(ports.get(port));
  }

  /**
   * {@link #endpoints}, none marked local: what a port that does not use this node's own endpoints
   * takes. Every node's map gives the same list instance for the same slices, so rules generated
   * from it can be shared by identity, and this node's own view is never worked out.
   */
  public List<EndpointInfo> endpointsOffNode(ServicePortName port) {
    ServiceSlices slices = services.get(port.namespacedName());
    return slices == null ? List.of() : orNone(slices.remote().get(port));
  }

  private static List<EndpointInfo> orNone(@Nullable List<EndpointInfo> endpoints) {
    return endpoints == null ? List.of() : endpoints;
  }
}
