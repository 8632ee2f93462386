package dev.ksim.dns.kubernetes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the plugin has learnt from its watches: Services, EndpointSlices, Namespaces and Pods, in
 * name order so that answers are reproducible, and the time of the last change, which becomes the
 * SOA serial.
 */
public final class KubernetesIndex {
  private final Map<String, DnsService> services = new TreeMap<>();
  private final Map<String, DnsEndpointSlice> slices = new TreeMap<>();

  /** The slices of each Service (by namespace/name), so a query reads only its own. */
  private final Map<String, Map<String, DnsEndpointSlice>> slicesByService = new HashMap<>();

  private final Map<String, DnsPod> pods = new TreeMap<>();
  private final Set<String> namespaces = new TreeSet<>();
  private long serial;

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  public void putService(DnsService service) {
    services.put(key(service.namespace(), service.name()), service);
  }

  public void removeService(String namespace, String name) {
    services.remove(key(namespace, name));
  }

  public void putSlice(DnsEndpointSlice slice) {
    String key = key(slice.namespace(), slice.name());
    removeSlice(slice.namespace(), slice.name());
    slices.put(key, slice);
    slicesByService
        .computeIfAbsent(key(slice.namespace(), slice.serviceName()), k -> new TreeMap<>())
        .put(key, slice);
  }

  public void removeSlice(String namespace, String name) {
    DnsEndpointSlice old = slices.remove(key(namespace, name));
    if (old != null) {
      String service = key(old.namespace(), old.serviceName());
      Map<String, DnsEndpointSlice> ofService = slicesByService.get(service);
      if (ofService != null) {
        ofService.remove(key(namespace, name));
        if (ofService.isEmpty()) {
          slicesByService.remove(service);
        }
      }
    }
  }

  public void putPod(DnsPod pod) {
    pods.put(key(pod.namespace(), pod.name()), pod);
  }

  public void removePod(String namespace, String name) {
    pods.remove(key(namespace, name));
  }

  public void putNamespace(String name) {
    namespaces.add(name);
  }

  public void removeNamespace(String name) {
    namespaces.remove(name);
  }

  /** Records the time of a change, in seconds since the epoch (CoreDNS's SOA serial). */
  public void modified(long epochSeconds) {
    serial = epochSeconds;
  }

  public long serial() {
    return serial;
  }

  public boolean namespaceExists(String namespace) {
    return namespaces.contains(namespace);
  }

  public Optional<DnsService> service(String namespace, String name) {
    return Optional.ofNullable(services.get(key(namespace, name)));
  }

  /** Every Service, in namespace/name order. */
  public List<DnsService> services() {
    return List.copyOf(services.values());
  }

  /** The slices labelled for Service {@code namespace/serviceName}. */
  public List<DnsEndpointSlice> slicesOf(String namespace, String serviceName) {
    Map<String, DnsEndpointSlice> ofService = slicesByService.get(key(namespace, serviceName));
    return ofService == null ? List.of() : List.copyOf(ofService.values());
  }

  /** Every slice, in namespace/name order. */
  public List<DnsEndpointSlice> slices() {
    return List.copyOf(slices.values());
  }

  /** Every pod, in namespace/name order. */
  public List<DnsPod> pods() {
    return List.copyOf(pods.values());
  }
}
