package dev.ksim.controller.replicaset;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.record.EventRecorder;
import dev.ksim.record.EventType;
import dev.ksim.sim.SimulationLimitException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles ReplicaSets: creates missing pods from the template (named {@code <rs>-<random>}),
 * deletes surplus pods in upstream's order (unscheduled before scheduled, pending before running,
 * not ready before ready, newer before older), and reports replicas, ready and available counts.
 * Pods are created at most {@link #BURST_REPLICAS} per sync in slow-start batches, as upstream.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/replicaset/replica_set.go">replica_set.go:
 *     BurstReplicas = 500, manageReplicas, slowStartBatch with SlowStartInitialBatchSize = 1</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/controller_utils.go">controller_utils.go:
 *     SuccessfulCreate "Created pod: %v", FailedCreate "Error creating: %v", SuccessfulDelete</a>
 */
public final class ReplicaSetController {
  /**
   * The most pods one sync creates: upstream's BurstReplicas; the rest come in later syncs, as the
   * pods created so far are observed.
   */
  static final int BURST_REPLICAS = 500;

  /**
   * The most pods of one ReplicaSet ksim simulates: a bound on memory and time, above which the run
   * stops with a {@link SimulationLimitException} saying so.
   */
  static final int MAX_PODS = 5_000;

  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;
  private final EventRecorder recorder;

  public ReplicaSetController(ApiStore store, Duration delay) {
    this.store = store;
    this.recorder = new EventRecorder(store, "replicaset-controller", "");
    this.queue = new WorkQueue<>(store.loop(), delay, "replicaset-controller", this::sync);
    store.watch(
        ResourceType.REPLICA_SET,
        ResourceEventHandler.onAnyChange(
            rs -> queue.add(ObjectKey.of(ResourceType.REPLICA_SET, rs))));
    store.watch(
        ResourceType.POD,
        ResourceEventHandler.onAnyChange(
            pod -> Owners.queueController(pod, ResourceType.REPLICA_SET, queue)));
  }

  private void sync(ObjectKey key) {
    Optional<ReplicaSet> found = store.get(key);
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ReplicaSet rs = found.get();
    List<Pod> owned = ownedPods(rs);
    List<Pod> active = active(owned);
    int want = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = active.size() - want;
    if (diff < 0) {
      if (active.size() >= MAX_PODS) {
        throw new SimulationLimitException(
            String.format(
                "ReplicaSet %s/%s wants %d replicas; ksim simulates at most %d pods of one"
                    + " ReplicaSet and stopped with %d created",
                rs.getMetadata().getNamespace(),
                rs.getMetadata().getName(),
                want,
                MAX_PODS,
                active.size()));
      }
      slowStartBatch(rs, Math.min(-diff, BURST_REPLICAS));
    } else if (diff > 0) {
      List<Pod> victims = new ArrayList<>(active);
      victims.sort(DELETION_ORDER);
      for (Pod pod : victims.subList(0, diff)) {
        store.delete(ObjectKey.of(ResourceType.POD, pod));
        recorder.event(
            rs,
            EventType.NORMAL,
            "SuccessfulDelete",
            "Deleted pod: " + pod.getMetadata().getName());
      }
    }
    // most syncs (a pod bound, started, ready) create and delete nothing: the pods are as listed
    updateStatus(rs, diff == 0 ? active : active(ownedPods(rs)));
  }

  private static List<Pod> active(List<Pod> pods) {
    List<Pod> active = new ArrayList<>(pods.size());
    for (Pod pod : pods) {
      if (PodUtil.isActive(pod)) {
        active.add(pod);
      }
    }
    return active;
  }

  /**
   * Creates {@code count} pods in batches of 1, 2, 4, ... as upstream's slowStartBatch does, so
   * that a refused create costs one call, not {@code count}; the first refusal ends the sync (the
   * work queue retries it with backoff). Each create is an event on the ReplicaSet:
   * SuccessfulCreate, or FailedCreate with the API server's refusal.
   */
  private void slowStartBatch(ReplicaSet rs, int count) {
    List<OwnerReference> owners = List.of(Owners.controllerReference(rs));
    int remaining = count;
    for (int batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      for (int i = 0; i < batch; i++) {
        Pod created;
        try {
          created = store.createOwned(ResourceType.POD, newPod(rs, owners));
        } catch (ApiException e) {
          recorder.event(
              rs, EventType.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
          throw e;
        }
        recorder.event(
            rs,
            EventType.NORMAL,
            "SuccessfulCreate",
            "Created pod: " + created.getMetadata().getName());
      }
      remaining -= batch;
    }
  }

  private List<Pod> ownedPods(ReplicaSet rs) {
    String uid = rs.getMetadata().getUid();
    Map<String, String> labels = rs.getSpec().getTemplate().getMetadata().getLabels();
    String ns = rs.getMetadata().getNamespace();
    List<Pod> candidates =
        labels == null || labels.isEmpty()
            ? store.list(ResourceType.POD, ns)
            : store.listByLabel(
                ResourceType.POD,
                ns,
                labels.keySet().iterator().next(),
                labels.values().iterator().next());
    List<Pod> owned = new ArrayList<>(candidates.size());
    for (Pod pod : candidates) {
      if (Owners.isControlledBy(pod, uid)) {
        owned.add(pod);
      }
    }
    return owned;
  }

  /**
   * A pod from the template, set field by field, for the store to keep as it is ({@code
   * createOwned}): it shares the stored ReplicaSet's template labels and annotations, and the
   * sync's owner references, which no one changes in place (a write copies the object first);
   * admission replaces the template's spec with its own copy. No copy of the pod is made at all
   * (this is the hot path of large clusters).
   */
  private Pod newPod(ReplicaSet rs, List<OwnerReference> owners) {
    var template = rs.getSpec().getTemplate();
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(rs.getMetadata().getName() + "-");
    meta.setNamespace(rs.getMetadata().getNamespace());
    meta.setLabels(template.getMetadata().getLabels());
    meta.setAnnotations(template.getMetadata().getAnnotations());
    meta.setOwnerReferences(owners);
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(template.getSpec());
    return pod;
  }

  /**
   * Upstream's ActivePodsWithRanks order, most deletable first: unassigned, then pending, then not
   * ready, then more recently created.
   */
  private static final Comparator<Pod> DELETION_ORDER =
      Comparator.<Pod, Boolean>comparing(p -> !PodUtil.nodeName(p).isEmpty())
          .thenComparing(p -> phaseRank(PodUtil.phase(p)))
          .thenComparing(PodUtil::isReady)
          .thenComparing(
              (Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder())
          .thenComparing(p -> p.getMetadata().getName());

  private static int phaseRank(String phase) {
    return switch (phase) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      default -> 2;
    };
  }

  private static boolean hasLabels(Pod pod, Map<String, String> wanted) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(wanted.entrySet());
  }

  /** Writes the counts of the {@code active} pods, when they changed. */
  private void updateStatus(ReplicaSet rs, List<Pod> active) {
    Map<String, String> selector = rs.getSpec().getSelector().getMatchLabels();
    int ready = 0;
    int fullyLabeled = 0;
    for (Pod pod : active) {
      if (PodUtil.isReady(pod)) {
        ready++;
      }
      if (selector == null || hasLabels(pod, selector)) {
        fullyLabeled++;
      }
    }
    ReplicaSetStatus status = new ReplicaSetStatus();
    status.setReplicas(active.size());
    status.setFullyLabeledReplicas(fullyLabeled);
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(ready);
    status.setObservedGeneration(rs.getMetadata().getGeneration());
    if (!Objects.equals(rs.getStatus(), status)) {
      store.modifyStatus(
          ResourceType.REPLICA_SET,
          rs.getMetadata().getNamespace(),
          rs.getMetadata().getName(),
          r -> r.setStatus(status));
    }
  }
}
