package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.MapMaker;
import com.google.common.collect.Maps;
import dev.ksim.net.IpFamily;
import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The Service changes a proxier has heard of since its last sync, for one family: per Service, its
 * ports before the first change and after the last one. A change that ends where it started is
 * forgotten.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/servicechangetracker.go">pkg/proxy/servicechangetracker.go</a>
 */
public final class ServiceChangeTracker {
  /** One Service's ports before its first pending change and after its last. */
  record Change(List<ServicePortInfo> previous, List<ServicePortInfo> current) {
    Change {
      previous = ImmutableList.copyOf(previous);
      current = ImmutableList.copyOf(current);
    }
  }

  /**
   * Each Service's ports by family, worked out once for the trackers of every node: keyed by the
   * Service object itself (compared by identity, held weakly), which the API store never changes. A
   * plain weak map, not a cache: a cache's loading entries and statistics cost more than the ports
   * themselves.
   */
  private static final Map<IpFamily, ConcurrentMap<Service, List<ServicePortInfo>>> PORTS =
      Maps.immutableEnumMap(
          Map.of(
              IpFamily.IPV4, new MapMaker().weakKeys().makeMap(),
              IpFamily.IPV6, new MapMaker().weakKeys().makeMap()));

  private final IpFamily family;
  private Map<NamespacedName, Change> items = new HashMap<>();

  public ServiceChangeTracker(IpFamily family) {
    this.family = family;
  }

  /**
   * Records that a Service went from {@code previous} to {@code current} (null for an add or a
   * delete).
   *
   * @return whether changes are pending
   */
  public boolean update(@Nullable Service previous, @Nullable Service current) {
    Service any = current != null ? current : previous;
    if (any == null) {
      return !items.isEmpty();
    }
    NamespacedName name = NamespacedName.of(any);
    Change pending = items.get(name);
    List<ServicePortInfo> before = pending != null ? pending.previous() : ports(previous);
    List<ServicePortInfo> after = ports(current);
    if (before.equals(after)) {
      items.remove(name);
    } else {
      items.put(name, new Change(before, after));
    }
    return !items.isEmpty();
  }

  /**
   * The ports of {@code service}, worked out by the first node's tracker that hears of it. Two
   * trackers working them out at once both do; they are equal, and the first stored is kept.
   */
  private List<ServicePortInfo> ports(@Nullable Service service) {
    if (service == null) {
      return List.of();
    }
    ConcurrentMap<Service, List<ServicePortInfo>> ports = Objects.requireNonNull(PORTS.get(family));
    List<ServicePortInfo> known = ports.get(service);
    if (known != null) {
      return known;
    }
    List<ServicePortInfo> worked = ImmutableList.copyOf(ServicePorts.of(service, family));
    known = ports.putIfAbsent(service, worked);
    return known != null ? known : worked;
  }

  /** The pending changes, by Service, and forgets them. */
  Map<NamespacedName, Change> drain() {
    Map<NamespacedName, Change> drained = items;
    items = new HashMap<>();
    return drained;
  }
}
