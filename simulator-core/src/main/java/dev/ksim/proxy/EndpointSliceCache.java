package dev.ksim.proxy;

import dev.ksim.controller.endpointslice.EndpointSliceController;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The EndpointSlices (of its family) a proxier has heard of, by Service and slice name, and the
 * endpoints of each Service port merged from them as kube-proxy merges them (see {@link
 * ServiceSlices}, which every node's cache that heard of the same slices shares).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointslicecache.go">endpointslicecache.go</a>
 */
public final class EndpointSliceCache {
  private final String nodeName;
  private final Map<NamespacedName, ServiceSlices> slices = new HashMap<>();

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
    ServiceSlices current = slices.get(service);
    if (!removed) {
      slices.put(service, ServiceSlices.with(service, current, slice));
    } else if (current != null) {
      current
          .without(slice.getMetadata().getName())
          .ifPresentOrElse(s -> slices.put(service, s), () -> slices.remove(service));
    }
  }

  /** The endpoints of every port of one Service, seen from this node. */
  Map<ServicePortName, List<EndpointInfo>> endpoints(NamespacedName service) {
    ServiceSlices current = slices.get(service);
    return current == null ? Map.of() : current.endpoints(nodeName);
  }

  /** The slices of one Service, null when there are none. */
  @Nullable ServiceSlices slices(NamespacedName service) {
    return slices.get(service);
  }
}
