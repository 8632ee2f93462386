package dev.ksim.controller.endpointslice;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.controller.util.ServicePodTriggers;
import dev.ksim.controller.util.ServicePods;
import dev.ksim.controller.util.ServicePods.ResolvedPort;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each selector Service's EndpointSlices equal to its pods. Slices it manages carry {@code
 * endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io} and {@code
 * kubernetes.io/service-name}; slices managed by anyone else are left alone, as upstream does.
 */
public final class EndpointSliceController {
  public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  public static final String SERVICE_NAME = "kubernetes.io/service-name";
  public static final String HEADLESS = "service.kubernetes.io/headless";
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;

  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;

  public EndpointSliceController(ApiStore store, ServicePodTriggers triggers, Duration delay) {
    this.store = store;
    this.queue = new WorkQueue<>(store.loop(), delay, "endpointslice-controller", this::sync);
    triggers.subscribe(queue::add);
  }

  private record Desired(String addressType, List<EndpointPort> ports, List<Endpoint> endpoints) {}

  private void sync(ObjectKey serviceKey) {
    Optional<Service> found = store.get(serviceKey);
    List<EndpointSlice> existing = managedSlices(serviceKey);
    if (found.isEmpty()
        || found.get().getSpec().getSelector() == null
        || found.get().getSpec().getSelector().isEmpty()
        || "ExternalName".equals(found.get().getSpec().getType())) {
      existing.forEach(s -> store.delete(ObjectKey.of(ResourceType.ENDPOINT_SLICE, s)));
      return;
    }
    Service service = found.get();
    List<Desired> desired = desiredSlices(service);
    List<EndpointSlice> unused = new ArrayList<>(existing);
    for (Desired want : desired) {
      Optional<EndpointSlice> reuse =
          unused.stream()
              .filter(
                  s ->
                      s.getAddressType().equals(want.addressType())
                          && s.getPorts().equals(want.ports()))
              .findFirst();
      EndpointSlice slice =
          build(service, want, reuse.map(s -> s.getMetadata().getName()).orElse(null));
      if (reuse.isPresent()) {
        unused.remove(reuse.get());
        if (!sameContent(reuse.get(), slice)) {
          store.modify(
              ResourceType.ENDPOINT_SLICE,
              serviceKey.namespace(),
              reuse.get().getMetadata().getName(),
              s -> {
                s.getMetadata().setLabels(slice.getMetadata().getLabels());
                s.setEndpoints(slice.getEndpoints());
                s.setPorts(slice.getPorts());
              });
        }
      } else {
        store.createOwned(ResourceType.ENDPOINT_SLICE, slice);
      }
    }
    unused.forEach(s -> store.delete(ObjectKey.of(ResourceType.ENDPOINT_SLICE, s)));
  }

  private static boolean sameContent(EndpointSlice a, EndpointSlice b) {
    return Objects.equals(a.getEndpoints(), b.getEndpoints())
        && Objects.equals(a.getPorts(), b.getPorts())
        && Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
  }

  private List<EndpointSlice> managedSlices(ObjectKey serviceKey) {
    return store
        .listByLabel(
            ResourceType.ENDPOINT_SLICE, serviceKey.namespace(), SERVICE_NAME, serviceKey.name())
        .stream()
        .filter(s -> CONTROLLER_NAME.equals(labelOf(s.getMetadata().getLabels(), MANAGED_BY)))
        .toList();
  }

  private static @org.jspecify.annotations.Nullable String labelOf(
      @org.jspecify.annotations.Nullable Map<String, String> labels, String key) {
    return labels == null ? null : labels.get(key);
  }

  private List<Desired> desiredSlices(Service service) {
    List<Desired> result = new ArrayList<>();
    List<Pod> pods = ServicePods.selectedPods(store, service);
    for (String family : service.getSpec().getIpFamilies()) {
      Map<List<EndpointPort>, List<Endpoint>> byPorts = new LinkedHashMap<>();
      for (Pod pod : pods) {
        if (!ServicePods.shouldBeInEndpoints(pod)) {
          continue;
        }
        String address = addressOf(pod, family);
        if (address == null) {
          continue;
        }
        List<EndpointPort> ports = new ArrayList<>();
        for (ResolvedPort port : ServicePods.ports(service, pod)) {
          ports.add(
              new EndpointPort(port.appProtocol(), port.name(), port.port(), port.protocol()));
        }
        byPorts.computeIfAbsent(ports, p -> new ArrayList<>()).add(endpoint(service, pod, address));
      }
      if (byPorts.isEmpty()) {
        // upstream keeps one empty "placeholder" slice, with no ports, for a Service without pods
        result.add(new Desired(family, List.of(), List.of()));
      }
      for (Map.Entry<List<EndpointPort>, List<Endpoint>> group : byPorts.entrySet()) {
        List<Endpoint> endpoints = group.getValue();
        for (int i = 0; i < endpoints.size(); i += MAX_ENDPOINTS_PER_SLICE) {
          result.add(
              new Desired(
                  family,
                  group.getKey(),
                  endpoints.subList(i, Math.min(endpoints.size(), i + MAX_ENDPOINTS_PER_SLICE))));
        }
      }
    }
    return result;
  }

  /**
   * The pod's first address of {@code family} (status.podIPs, else status.podIP), else null. A loop
   * with no list, stream or Optional of its own: each sync asks it of each of the Service's pods.
   */
  private static @Nullable String addressOf(Pod pod, String family) {
    List<PodIP> listed = pod.getStatus().getPodIPs();
    if (listed.isEmpty()) {
      String ip = PodUtil.podIp(pod);
      return isOf(ip, family) ? ip : null;
    }
    for (int i = 0; i < listed.size(); i++) {
      String ip = listed.get(i).getIp();
      if (isOf(ip, family)) {
        return ip;
      }
    }
    return null;
  }

  /** Whether {@code ip} is an address of {@code family} (its token, "IPv4" or "IPv6"). */
  private static boolean isOf(String ip, String family) {
    Optional<IpAddress> address = IpAddress.tryParse(ip);
    return address.isPresent() && address.get().family().token().equals(family);
  }

  /**
   * podToEndpoint: conditions as upstream sets them. Set field by field: a Service's endpoints are
   * built again on each change of one of its pods.
   */
  private static Endpoint endpoint(Service service, Pod pod, String address) {
    boolean serving = PodUtil.isReady(pod);
    boolean terminating = PodUtil.isTerminating(pod);
    boolean ready =
        Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())
            || (serving && !terminating);
    ObjectReference target = new ObjectReference();
    target.setKind("Pod");
    target.setNamespace(pod.getMetadata().getNamespace());
    target.setName(pod.getMetadata().getName());
    target.setUid(pod.getMetadata().getUid());
    Endpoint endpoint = new Endpoint();
    List<String> addresses = new ArrayList<>(1);
    addresses.add(address);
    endpoint.setAddresses(addresses);
    endpoint.setConditions(new EndpointConditions(ready, serving, terminating));
    endpoint.setTargetRef(target);
    if (!PodUtil.nodeName(pod).isEmpty()) {
      endpoint.setNodeName(PodUtil.nodeName(pod));
    }
    if (ServicePods.shouldSetHostname(pod, service)) {
      endpoint.setHostname(pod.getSpec().getHostname());
    }
    return endpoint;
  }

  /**
   * The slice of {@code desired}, set field by field (the builders would copy every endpoint once
   * more), handed to the store as it is ({@code createOwned}): its lists are its own, its endpoints
   * {@code desired}'s, built for it, and its ports copies, as the slices of one port group share
   * their {@code desired} ports and the slices' admission sets a port's default protocol in place.
   */
  private EndpointSlice build(
      Service service, Desired desired, @org.jspecify.annotations.Nullable String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.getMetadata().getLabels() != null) {
      labels.putAll(service.getMetadata().getLabels());
    }
    labels.put(SERVICE_NAME, service.getMetadata().getName());
    labels.put(MANAGED_BY, CONTROLLER_NAME);
    if ("None".equals(service.getSpec().getClusterIP())) {
      labels.put(HEADLESS, "");
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(service.getMetadata().getNamespace());
    meta.setLabels(labels);
    meta.setOwnerReferences(new ArrayList<>(List.of(Owners.controllerReference(service))));
    if (name == null) {
      meta.setGenerateName(service.getMetadata().getName() + "-");
    } else {
      meta.setName(name);
    }
    EndpointSlice slice = new EndpointSlice();
    slice.setMetadata(meta);
    slice.setAddressType(desired.addressType());
    slice.setEndpoints(new ArrayList<>(desired.endpoints()));
    List<EndpointPort> ports = new ArrayList<>(desired.ports().size());
    for (EndpointPort port : desired.ports()) {
      ports.add(
          new EndpointPort(
              port.getAppProtocol(), port.getName(), port.getPort(), port.getProtocol()));
    }
    slice.setPorts(ports);
    return slice;
  }
}
