package dev.ksim.proxy;

import dev.ksim.net.IpFamily;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashSet;
import java.util.Set;

/**
 * The EndpointSlice changes a proxier has heard of since its last sync, for one family: the slices
 * go into the {@link EndpointSliceCache} at once, and the Services they belong to are remembered
 * until the next sync reads their endpoints again. Slices of the other family and slices without
 * the {@code kubernetes.io/service-name} label are ignored, as upstream ignores them.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointschangetracker.go">pkg/proxy/endpointschangetracker.go</a>
 */
public final class EndpointsChangeTracker {
  private final IpFamily family;
  private final EndpointSliceCache cache;
  private Set<NamespacedName> pending = new HashSet<>();

  public EndpointsChangeTracker(IpFamily family, String nodeName) {
    this.family = family;
    this.cache = new EndpointSliceCache(nodeName);
  }

  /**
   * Records a slice added or changed ({@code removed} false) or deleted.
   *
   * @return whether changes are pending
   */
  public boolean endpointSliceUpdate(EndpointSlice slice, boolean removed) {
    if (!family.token().equals(slice.getAddressType())) {
      return !pending.isEmpty();
    }
    EndpointSliceCache.serviceOf(slice)
        .ifPresent(
            service -> {
              cache.update(service, slice, removed);
              pending.add(service);
            });
    return !pending.isEmpty();
  }

  /** The Services whose slices changed, and forgets them. */
  Set<NamespacedName> drain() {
    Set<NamespacedName> drained = pending;
    pending = new HashSet<>();
    return drained;
  }

  EndpointSliceCache cache() {
    return cache;
  }
}
