package dev.ksim.controller.endpoint;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.WorkQueue;
import dev.ksim.controller.util.ServicePodTriggers;
import dev.ksim.controller.util.ServicePods;
import dev.ksim.controller.util.ServicePods.ResolvedPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the Endpoints object of each selector Service equal to its pods. Terminating pods are left
 * out (unless the Service publishes not-ready addresses), as the legacy API always did.
 */
public final class EndpointsController {
  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;

  public EndpointsController(ApiStore store, ServicePodTriggers triggers, Duration delay) {
    this.store = store;
    this.queue = new WorkQueue<>(store.loop(), delay, "endpoints-controller", this::sync);
    triggers.subscribe(queue::add);
  }

  private void sync(ObjectKey serviceKey) {
    Optional<Service> found = store.get(serviceKey);
    ObjectKey endpointsKey =
        new ObjectKey(ResourceType.ENDPOINTS, serviceKey.namespace(), serviceKey.name());
    Optional<Endpoints> existing = store.get(endpointsKey);
    if (found.isEmpty()) {
      if (existing.isPresent() && isManaged(existing.get())) {
        store.delete(endpointsKey);
      }
      return;
    }
    Service service = found.get();
    if (service.getSpec().getSelector() == null
        || service.getSpec().getSelector().isEmpty()
        || "ExternalName".equals(service.getSpec().getType())) {
      return;
    }
    Endpoints desired = desired(service);
    if (existing.isEmpty()) {
      store.create(ResourceType.ENDPOINTS, desired);
    } else if (!Objects.equals(existing.get().getSubsets(), desired.getSubsets())
        || !Objects.equals(
            existing.get().getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      store.modify(
          ResourceType.ENDPOINTS,
          serviceKey.namespace(),
          serviceKey.name(),
          e -> {
            e.setSubsets(desired.getSubsets());
            e.getMetadata().setLabels(desired.getMetadata().getLabels());
          });
    }
  }

  private static boolean isManaged(Endpoints endpoints) {
    return endpoints.getMetadata().getLabels() == null
        || !"true"
            .equals(
                endpoints.getMetadata().getLabels().get("endpointslice.kubernetes.io/skip-mirror"));
  }

  /** The Endpoints the Service's pods make, its parts set field by field (built on each change). */
  private Endpoints desired(Service service) {
    boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    Map<List<EndpointPort>, EndpointSubset> subsets = new LinkedHashMap<>();
    for (Pod pod : ServicePods.selectedPods(store, service)) {
      if (!ServicePods.shouldBeInEndpoints(pod)
          || (PodUtil.isTerminating(pod) && !publishNotReady)) {
        continue;
      }
      List<EndpointPort> ports = new ArrayList<>();
      for (ResolvedPort port : ServicePods.ports(service, pod)) {
        ports.add(
            new EndpointPort(
                port.appProtocol(),
                port.name().isEmpty() ? null : port.name(),
                port.port(),
                port.protocol()));
      }
      EndpointSubset subset =
          subsets.computeIfAbsent(
              ports, p -> new EndpointSubset(new ArrayList<>(), new ArrayList<>(), p));
      ObjectReference target = new ObjectReference();
      target.setKind("Pod");
      target.setNamespace(pod.getMetadata().getNamespace());
      target.setName(pod.getMetadata().getName());
      target.setUid(pod.getMetadata().getUid());
      EndpointAddress address =
          new EndpointAddress(
              ServicePods.shouldSetHostname(pod, service) ? pod.getSpec().getHostname() : null,
              PodUtil.podIp(pod),
              PodUtil.nodeName(pod).isEmpty() ? null : PodUtil.nodeName(pod),
              target);
      if (publishNotReady || PodUtil.isReady(pod)) {
        subset.getAddresses().add(address);
      } else {
        subset.getNotReadyAddresses().add(address);
      }
    }
    Comparator<EndpointAddress> byIp =
        Comparator.comparing(EndpointAddress::getIp)
            .thenComparing(a -> a.getTargetRef() == null ? "" : a.getTargetRef().getUid());
    List<EndpointSubset> result = new ArrayList<>();
    for (EndpointSubset subset : subsets.values()) {
      subset.getAddresses().sort(byIp);
      subset.getNotReadyAddresses().sort(byIp);
      subset
          .getPorts()
          .sort(
              Comparator.comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
                  .thenComparing(EndpointPort::getPort));
      result.add(subset);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.getMetadata().getLabels() != null) {
      labels.putAll(service.getMetadata().getLabels());
    }
    if ("None".equals(service.getSpec().getClusterIP())) {
      labels.put("service.kubernetes.io/headless", "");
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(service.getMetadata().getName());
    meta.setNamespace(service.getMetadata().getNamespace());
    meta.setLabels(labels.isEmpty() ? null : labels);
    Endpoints endpoints = new Endpoints();
    endpoints.setMetadata(meta);
    endpoints.setSubsets(result);
    return endpoints;
  }
}
