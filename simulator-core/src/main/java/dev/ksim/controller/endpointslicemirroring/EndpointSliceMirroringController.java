package dev.ksim.controller.endpointslicemirroring;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Mirrors hand-made Endpoints of selector-less Services into EndpointSlices. Endpoints labelled
 * {@code endpointslice.kubernetes.io/skip-mirror: "true"} (the API server's own {@code kubernetes}
 * Endpoints) are skipped. Mirrored slices of a selector-less Service whose Endpoints this
 * controller never saw (slices given in the input, as a running cluster holds them) are left alone;
 * upstream would delete them, having seen the Endpoints they came from vanish.
 */
public final class EndpointSliceMirroringController {
  public static final String CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io";
  private static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";

  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;
  private final Set<ObjectKey> mirrored = new HashSet<>();

  public EndpointSliceMirroringController(ApiStore store, Duration delay) {
    this.store = store;
    this.queue =
        new WorkQueue<>(store.loop(), delay, "endpointslicemirroring-controller", this::sync);
    store.watch(
        ResourceType.ENDPOINTS,
        ResourceEventHandler.onAnyChange(
            e -> {
              ObjectKey service =
                  new ObjectKey(
                      ResourceType.SERVICE,
                      e.getMetadata().getNamespace(),
                      e.getMetadata().getName());
              mirrored.add(service);
              queue.add(service);
            }));
    store.watch(
        ResourceType.SERVICE,
        ResourceEventHandler.onAnyChange(s -> queue.add(ObjectKey.of(ResourceType.SERVICE, s))));
  }

  private void sync(ObjectKey serviceKey) {
    Optional<Service> service = store.get(serviceKey);
    Optional<Endpoints> endpoints =
        store.get(ResourceType.ENDPOINTS, serviceKey.namespace(), serviceKey.name());
    List<EndpointSlice> existing =
        store
            .listByLabel(
                ResourceType.ENDPOINT_SLICE,
                serviceKey.namespace(),
                EndpointSliceController.SERVICE_NAME,
                serviceKey.name())
            .stream()
            .filter(
                s ->
                    CONTROLLER_NAME.equals(
                        s.getMetadata().getLabels().get(EndpointSliceController.MANAGED_BY)))
            .toList();
    if (endpoints.isEmpty() && !mirrored.contains(serviceKey) && selectorless(service)) {
      // Mirrored slices given without their Endpoints are state the cluster holds: kept as given.
      return;
    }
    boolean mirror =
        selectorless(service)
            && endpoints.isPresent()
            && !"true".equals(labels(endpoints.get()).get(SKIP_MIRROR));
    List<EndpointSlice> desired = mirror ? desired(service.get(), endpoints.get()) : List.of();
    List<EndpointSlice> unused = new ArrayList<>(existing);
    for (EndpointSlice want : desired) {
      Optional<EndpointSlice> reuse =
          unused.stream()
              .filter(
                  s ->
                      s.getAddressType().equals(want.getAddressType())
                          && s.getPorts().equals(want.getPorts()))
              .findFirst();
      if (reuse.isPresent()) {
        unused.remove(reuse.get());
        if (!Objects.equals(reuse.get().getEndpoints(), want.getEndpoints())) {
          store.modify(
              ResourceType.ENDPOINT_SLICE,
              serviceKey.namespace(),
              reuse.get().getMetadata().getName(),
              s -> s.setEndpoints(want.getEndpoints()));
        }
      } else {
        store.create(ResourceType.ENDPOINT_SLICE, want);
      }
    }
    unused.forEach(s -> store.delete(ObjectKey.of(ResourceType.ENDPOINT_SLICE, s)));
  }

  private static boolean selectorless(Optional<Service> service) {
    return service.isPresent()
        && (service.get().getSpec().getSelector() == null
            || service.get().getSpec().getSelector().isEmpty());
  }

  private static Map<String, String> labels(Endpoints endpoints) {
    return endpoints.getMetadata().getLabels() == null
        ? Map.of()
        : endpoints.getMetadata().getLabels();
  }

  private static List<EndpointSlice> desired(Service service, Endpoints endpoints) {
    List<EndpointSlice> slices = new ArrayList<>();
    for (EndpointSubset subset : endpoints.getSubsets()) {
      List<EndpointPort> ports = new ArrayList<>();
      subset
          .getPorts()
          .forEach(
              p ->
                  ports.add(
                      new EndpointPortBuilder()
                          .withName(p.getName() == null ? "" : p.getName())
                          .withPort(p.getPort())
                          .withProtocol(p.getProtocol() == null ? "TCP" : p.getProtocol())
                          .withAppProtocol(p.getAppProtocol())
                          .build()));
      Map<String, List<Endpoint>> byFamily = new LinkedHashMap<>();
      addAll(subset.getAddresses(), true, byFamily);
      addAll(subset.getNotReadyAddresses(), false, byFamily);
      for (Map.Entry<String, List<Endpoint>> family : byFamily.entrySet()) {
        Map<String, String> sliceLabels = new LinkedHashMap<>(labels(endpoints));
        sliceLabels.put(EndpointSliceController.SERVICE_NAME, service.getMetadata().getName());
        sliceLabels.put(EndpointSliceController.MANAGED_BY, CONTROLLER_NAME);
        slices.add(
            new EndpointSliceBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withGenerateName(endpoints.getMetadata().getName() + "-")
                        .withNamespace(endpoints.getMetadata().getNamespace())
                        .withLabels(sliceLabels)
                        .withOwnerReferences(Owners.controllerReference(service))
                        .build())
                .withAddressType(family.getKey())
                .withEndpoints(family.getValue())
                .withPorts(ports)
                .build());
      }
    }
    return slices;
  }

  private static void addAll(
      List<EndpointAddress> addresses, boolean ready, Map<String, List<Endpoint>> byFamily) {
    for (EndpointAddress address : addresses) {
      Optional<IpAddress> ip = IpAddress.tryParse(address.getIp());
      if (ip.isEmpty()) {
        continue;
      }
      EndpointBuilder endpoint =
          new EndpointBuilder()
              .withAddresses(ip.get().toString())
              .withNewConditions()
              .withReady(ready)
              .endConditions()
              .withHostname(address.getHostname())
              .withNodeName(address.getNodeName())
              .withTargetRef(address.getTargetRef());
      byFamily
          .computeIfAbsent(ip.get().family().token(), f -> new ArrayList<>())
          .add(endpoint.build());
    }
  }
}
