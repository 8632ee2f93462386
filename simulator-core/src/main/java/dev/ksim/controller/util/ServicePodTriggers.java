package dev.ksim.controller.util;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The watches an endpoints controller needs: a Service changes, or a pod that a Service selects
 * (before or after the change) changes; each calls back with the Service's key, once or more (the
 * callback is a work queue's add, which ignores a key already waiting).
 */
public final class ServicePodTriggers {
  private final ServiceSelectorIndex index = new ServiceSelectorIndex();

  public ServicePodTriggers(ApiStore store, Consumer<ObjectKey> enqueue) {
    store.watch(
        ResourceType.SERVICE,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service service) {
            index.put(service);
            enqueue.accept(ObjectKey.of(ResourceType.SERVICE, service));
          }

          @Override
          public void onUpdate(Service old, Service service) {
            index.put(service);
            enqueue.accept(ObjectKey.of(ResourceType.SERVICE, service));
          }

          @Override
          public void onDelete(Service service) {
            index.remove(service);
            enqueue.accept(ObjectKey.of(ResourceType.SERVICE, service));
          }
        });
    store.watch(
        ResourceType.POD,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            enqueueSelecting(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            if (!sameLabels(old, pod)) {
              enqueueSelecting(old);
            }
            enqueueSelecting(pod);
          }

          @Override
          public void onDelete(Pod pod) {
            enqueueSelecting(pod);
          }

          private void enqueueSelecting(Pod pod) {
            for (String name : index.servicesSelecting(pod)) {
              enqueue.accept(
                  new ObjectKey(ResourceType.SERVICE, pod.getMetadata().getNamespace(), name));
            }
          }
        });
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
