package dev.ksim.controller.util;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The watches an endpoints controller needs: a Service changes, or a pod that a Service selects
 * (before or after the change) changes; each calls back with the Service's key, once or more (the
 * callback is a work queue's add, which ignores a key already waiting).
 *
 * <p>The Endpoints and EndpointSlice controllers share one: each pod event looks its Services up
 * once, not once per controller, and each subscriber hears the keys in the order its own watch
 * would have given them, subscribers in the order they subscribed (as their watches would run).
 */
public final class ServicePodTriggers {
  private final ServiceSelectorIndex index = new ServiceSelectorIndex();
  private final List<Consumer<ObjectKey>> subscribers = new ArrayList<>();

  /** Watches Services and pods from now on; the subscribers are added next. */
  public ServicePodTriggers(ApiStore store) {
    store.watch(
        ResourceType.SERVICE,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service service) {
            index.put(service);
            tell(List.of(ObjectKey.of(ResourceType.SERVICE, service)));
          }

          @Override
          public void onUpdate(Service old, Service service) {
            index.put(service);
            tell(List.of(ObjectKey.of(ResourceType.SERVICE, service)));
          }

          @Override
          public void onDelete(Service service) {
            index.remove(service);
            tell(List.of(ObjectKey.of(ResourceType.SERVICE, service)));
          }
        });
    store.watch(
        ResourceType.POD,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            tell(selecting(pod, List.of()));
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            List<ObjectKey> before = sameLabels(old, pod) ? List.of() : selecting(old, List.of());
            tell(selecting(pod, before));
          }

          @Override
          public void onDelete(Pod pod) {
            tell(selecting(pod, List.of()));
          }
        });
  }

  /** Calls {@code enqueue} with the key of each Service a change concerns, from now on. */
  public void subscribe(Consumer<ObjectKey> enqueue) {
    subscribers.add(enqueue);
  }

  private void tell(List<ObjectKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    // by index: the keys' lists are of two classes, and each pod change is told
    for (int s = 0; s < subscribers.size(); s++) {
      Consumer<ObjectKey> subscriber = subscribers.get(s);
      for (int k = 0; k < keys.size(); k++) {
        subscriber.accept(keys.get(k));
      }
    }
  }

  /**
   * {@code before} and then the keys of the Services selecting {@code pod}, in name order; {@code
   * before} itself when none does (most pod events of a cluster without Services, say).
   */
  private List<ObjectKey> selecting(Pod pod, List<ObjectKey> before) {
    List<String> names = index.servicesSelecting(pod);
    if (names.isEmpty()) {
      return before;
    }
    List<ObjectKey> keys = new ArrayList<>(before.size() + names.size());
    keys.addAll(before);
    for (String name : names) {
      keys.add(new ObjectKey(ResourceType.SERVICE, pod.getMetadata().getNamespace(), name));
    }
    return keys;
  }

  /**
   * Whether two states of a pod have the same labels, so that the same Services select both (most
   * updates are status changes, which keep the very label map).
   */
  private static boolean sameLabels(Pod old, Pod pod) {
    return Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
        && Objects.equals(old.getMetadata().getNamespace(), pod.getMetadata().getNamespace());
  }
}
