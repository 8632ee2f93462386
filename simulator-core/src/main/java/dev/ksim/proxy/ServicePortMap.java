package dev.ksim.proxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Service ports a proxier programs, by Service in namespace and name order and in each Service
 * in the order of its ports.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/servicechangetracker.go">servicechangetracker.go
 *     ServicePortMap.Update</a>
 */
public final class ServicePortMap {
  private final Map<NamespacedName, List<ServicePortInfo>> services = new TreeMap<>();

  /**
   * Applies the tracker's pending changes.
   *
   * @return the Services that changed (upstream's {@code UpdateServiceMapResult.UpdatedServices})
   */
  public Set<NamespacedName> update(ServiceChangeTracker changes) {
    Set<NamespacedName> updated = new HashSet<>();
    changes
        .drain()
        .forEach(
            (name, change) -> {
              updated.add(name);
              if (change.current().isEmpty()) {
                services.remove(name);
              } else {
                services.put(name, change.current());
              }
            });
    return updated;
  }

  /** Every port of every Service, in order. */
  public List<ServicePortInfo> ports() {
    List<ServicePortInfo> ports = new ArrayList<>();
    services.values().forEach(ports::addAll);
    return ports;
  }
}
