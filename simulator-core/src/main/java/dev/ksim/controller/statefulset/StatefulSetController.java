package dev.ksim.controller.statefulset;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.record.EventRecorder;
import dev.ksim.record.EventType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles StatefulSets: ordinal pods created in order and deleted in reverse order, each claim
 * and pod creation and each deletion recorded as an event on the StatefulSet.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/statefulset/stateful_pod_control.go">stateful_pod_control.go
 *     (recordPodEvent, recordClaimEvent)</a>
 */
public final class StatefulSetController {
  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;
  private final EventRecorder recorder;

  public StatefulSetController(ApiStore store, Duration delay) {
    this.store = store;
    this.recorder = new EventRecorder(store, "statefulset-controller", "");
    this.queue = new WorkQueue<>(store.loop(), delay, "statefulset-controller", this::sync);
    store.watch(
        ResourceType.STATEFUL_SET,
        ResourceEventHandler.onAnyChange(
            s -> queue.add(ObjectKey.of(ResourceType.STATEFUL_SET, s))));
    store.watch(
        ResourceType.POD,
        ResourceEventHandler.onAnyChange(
            pod -> Owners.queueController(pod, ResourceType.STATEFUL_SET, queue)));
  }

  private void sync(ObjectKey key) {
    Optional<StatefulSet> found = store.get(key);
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    StatefulSet set = found.get();
    String name = set.getMetadata().getName();
    String ns = set.getMetadata().getNamespace();
    int replicas = set.getSpec().getReplicas();
    boolean ordered = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      Optional<Pod> pod = store.get(ResourceType.POD, ns, name + "-" + ordinal);
      if (pod.isEmpty()) {
        String podName = name + "-" + ordinal;
        for (String claim : StatefulSetClaims.ensure(store, set, ordinal)) {
          recorder.event(
              set,
              EventType.NORMAL,
              "SuccessfulCreate",
              "create Claim " + claim + " Pod " + podName + " in StatefulSet " + name + " success");
        }
        store.create(ResourceType.POD, newPod(set, ordinal));
        recorder.event(
            set,
            EventType.NORMAL,
            "SuccessfulCreate",
            "create Pod " + podName + " in StatefulSet " + name + " successful");
        if (ordered) {
          break;
        }
        continue;
      }
      if (ordered && (!PodUtil.isReady(pod.get()) || PodUtil.isTerminating(pod.get()))) {
        break;
      }
    }
    List<Pod> owned = owned(set);
    for (int i = owned.size() - 1; i >= 0; i--) {
      Pod pod = owned.get(i);
      if (ordinal(set, pod) >= replicas) {
        if (!PodUtil.isTerminating(pod)) {
          store.delete(ObjectKey.of(ResourceType.POD, pod));
          recorder.event(
              set,
              EventType.NORMAL,
              "SuccessfulDelete",
              "delete Pod "
                  + pod.getMetadata().getName()
                  + " in StatefulSet "
                  + name
                  + " successful");
        }
        if (ordered) {
          break;
        }
      }
    }
    updateStatus(set, owned(set));
  }

  private List<Pod> owned(StatefulSet set) {
    String uid = set.getMetadata().getUid();
    return store.list(ResourceType.POD, set.getMetadata().getNamespace()).stream()
        .filter(p -> Owners.isControlledBy(p, uid))
        .sorted(Comparator.comparingInt(p -> ordinal(set, p)))
        .toList();
  }

  private static int ordinal(StatefulSet set, Pod pod) {
    String prefix = set.getMetadata().getName() + "-";
    String name = pod.getMetadata().getName();
    try {
      return name.startsWith(prefix) ? Integer.parseInt(name.substring(prefix.length())) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Pod newPod(StatefulSet set, int ordinal) {
    String podName = set.getMetadata().getName() + "-" + ordinal;
    Map<String, String> labels = new LinkedHashMap<>();
    if (set.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(set.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("statefulset.kubernetes.io/pod-name", podName);
    labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
    Pod pod =
        new PodBuilder()
            .withMetadata(
                new ObjectMetaBuilder(set.getSpec().getTemplate().getMetadata())
                    .withName(podName)
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(Owners.controllerReference(set))
                    .build())
            .withSpec(set.getSpec().getTemplate().getSpec())
            .build();
    pod.getSpec().setHostname(podName);
    StatefulSetClaims.mount(set, pod, ordinal);
    String service = set.getSpec().getServiceName();
    if (service != null && !service.isEmpty()) {
      pod.getSpec().setSubdomain(service);
    }
    return pod;
  }

  private void updateStatus(StatefulSet set, List<Pod> owned) {
    List<Pod> active = owned.stream().filter(PodUtil::isActive).toList();
    int ready = (int) active.stream().filter(PodUtil::isReady).count();
    StatefulSetStatus status = new StatefulSetStatus();
    status.setObservedGeneration(set.getMetadata().getGeneration());
    status.setReplicas(active.size());
    status.setReadyReplicas(ready);
    status.setCurrentReplicas(active.size());
    status.setUpdatedReplicas(active.size());
    status.setAvailableReplicas(ready);
    if (set.getStatus() != null) {
      status.setCollisionCount(set.getStatus().getCollisionCount());
    }
    if (!Objects.equals(set.getStatus(), status)) {
      store.modifyStatus(
          ResourceType.STATEFUL_SET,
          set.getMetadata().getNamespace(),
          set.getMetadata().getName(),
          s -> s.setStatus(status));
    }
  }
}
