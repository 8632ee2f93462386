package dev.ksim.controller.daemonset;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.controller.deployment.PodTemplateHash;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles DaemonSets: a pod on every node that the template's pods fit. Pods carry the hash of
 * the template they were made from ({@code controller-revision-hash}); when the template changes,
 * the pods of the old one are replaced as upstream's RollingUpdate does with maxUnavailable 1: old
 * pods that are not available go at once, an available old pod goes only while every other node's
 * daemon pod is available, and the new pod comes when the old one is gone.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/daemon/update.go">pkg/controller/daemon/update.go
 *     rollingUpdate</a>
 */
public final class DaemonSetController {
  /** The label naming the template revision a daemon pod was made from. */
  static final String REVISION_LABEL = "controller-revision-hash";

  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;

  public DaemonSetController(ApiStore store, Duration delay) {
    this.store = store;
    this.queue = new WorkQueue<>(store.loop(), delay, "daemonset-controller", this::sync);
    store.watch(
        ResourceType.DAEMON_SET,
        ResourceEventHandler.onAnyChange(d -> queue.add(ObjectKey.of(ResourceType.DAEMON_SET, d))));
    store.watch(
        ResourceType.NODE,
        ResourceEventHandler.onAnyChange(
            n ->
                store
                    .list(ResourceType.DAEMON_SET)
                    .forEach(d -> queue.add(ObjectKey.of(ResourceType.DAEMON_SET, d)))));
    store.watch(
        ResourceType.POD,
        ResourceEventHandler.onAnyChange(
            pod -> Owners.queueController(pod, ResourceType.DAEMON_SET, queue)));
  }

  private void sync(ObjectKey key) {
    Optional<DaemonSet> found = store.get(key);
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    DaemonSet set = found.get();
    String uid = set.getMetadata().getUid();
    List<Pod> owned =
        store.list(ResourceType.POD, set.getMetadata().getNamespace()).stream()
            .filter(p -> Owners.isControlledBy(p, uid))
            .toList();
    int desired = 0;
    String hash = PodTemplateHash.of(set.getSpec().getTemplate(), 0);
    int unavailable = 0;
    List<Pod> outdated = new ArrayList<>();
    for (Node node : store.list(ResourceType.NODE)) {
      String nodeName = node.getMetadata().getName();
      boolean fits = fits(set, node);
      List<Pod> onNode = owned.stream().filter(p -> nodeName.equals(targetNode(p))).toList();
      if (fits) {
        desired++;
        List<Pod> active = onNode.stream().filter(PodUtil::isActive).toList();
        boolean current = active.stream().anyMatch(p -> hash.equals(revision(p)));
        if (onNode.stream().noneMatch(p -> PodUtil.isActive(p) || PodUtil.isTerminating(p))) {
          store.create(ResourceType.POD, newPod(set, nodeName, hash));
          unavailable++;
        } else if (active.isEmpty() || !active.stream().allMatch(PodUtil::isReady)) {
          unavailable++;
          if (!current) {
            active.forEach(p -> store.delete(ObjectKey.of(ResourceType.POD, p)));
          }
        } else if (!current) {
          outdated.addAll(active);
        }
      } else {
        onNode.stream()
            .filter(PodUtil::isActive)
            .forEach(p -> store.delete(ObjectKey.of(ResourceType.POD, p)));
      }
    }
    if (unavailable == 0 && !outdated.isEmpty()) {
      store.delete(ObjectKey.of(ResourceType.POD, outdated.get(0)));
    }
    updateStatus(set, desired);
  }

  private static String revision(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(REVISION_LABEL, "");
  }

  /** The node a daemon pod is bound to, or pinned to by its node affinity. */
  private static String targetNode(Pod pod) {
    if (!PodUtil.nodeName(pod).isEmpty()) {
      return PodUtil.nodeName(pod);
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null || affinity.getNodeAffinity() == null) {
      return "";
    }
    var required = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null) {
      return "";
    }
    return required.getNodeSelectorTerms().stream()
        .flatMap(t -> t.getMatchFields().stream())
        .filter(r -> "metadata.name".equals(r.getKey()) && !r.getValues().isEmpty())
        .map(r -> r.getValues().get(0))
        .findFirst()
        .orElse("");
  }

  private static boolean fits(DaemonSet set, Node node) {
    Map<String, String> selector = set.getSpec().getTemplate().getSpec().getNodeSelector();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (selector != null && !labels.entrySet().containsAll(selector.entrySet())) {
      return false;
    }
    List<Toleration> tolerations = set.getSpec().getTemplate().getSpec().getTolerations();
    for (Taint taint : node.getSpec().getTaints()) {
      if ("PreferNoSchedule".equals(taint.getEffect())) {
        continue;
      }
      boolean tolerated =
          tolerations.stream()
              .anyMatch(
                  t ->
                      ("Exists".equals(t.getOperator())
                              && (t.getKey() == null
                                  || t.getKey().isEmpty()
                                  || t.getKey().equals(taint.getKey())))
                          || (Objects.equals(t.getKey(), taint.getKey())
                              && Objects.equals(
                                  t.getValue() == null ? "" : t.getValue(),
                                  taint.getValue() == null ? "" : taint.getValue())
                              && (t.getEffect() == null
                                  || t.getEffect().isEmpty()
                                  || t.getEffect().equals(taint.getEffect()))));
      if (!tolerated) {
        return false;
      }
    }
    return true;
  }

  private static Pod newPod(DaemonSet set, String nodeName, String hash) {
    Pod pod =
        new PodBuilder()
            .withMetadata(
                new ObjectMetaBuilder(set.getSpec().getTemplate().getMetadata())
                    .withName(null)
                    .withGenerateName(set.getMetadata().getName() + "-")
                    .withNamespace(set.getMetadata().getNamespace())
                    .withOwnerReferences(Owners.controllerReference(set))
                    .addToLabels(REVISION_LABEL, hash)
                    .build())
            .withSpec(set.getSpec().getTemplate().getSpec())
            .build();
    pod.getSpec()
        .setAffinity(
            new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchFields(
                    new NodeSelectorRequirementBuilder()
                        .withKey("metadata.name")
                        .withOperator("In")
                        .withValues(nodeName)
                        .build())
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build());
    List<Toleration> tolerations = new ArrayList<>(pod.getSpec().getTolerations());
    for (String key :
        List.of(
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
            "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/pid-pressure",
            "node.kubernetes.io/unschedulable")) {
      String effect =
          key.endsWith("ready") || key.endsWith("unreachable") ? "NoExecute" : "NoSchedule";
      if (tolerations.stream().noneMatch(t -> key.equals(t.getKey()))) {
        tolerations.add(new Toleration(effect, key, "Exists", null, null));
      }
    }
    pod.getSpec().setTolerations(tolerations);
    return pod;
  }

  private void updateStatus(DaemonSet set, int desired) {
    String uid = set.getMetadata().getUid();
    List<Pod> active =
        store.list(ResourceType.POD, set.getMetadata().getNamespace()).stream()
            .filter(p -> Owners.isControlledBy(p, uid) && PodUtil.isActive(p))
            .toList();
    int scheduled = (int) active.stream().filter(p -> !PodUtil.nodeName(p).isEmpty()).count();
    int ready = (int) active.stream().filter(PodUtil::isReady).count();
    DaemonSetStatus status = new DaemonSetStatus();
    status.setDesiredNumberScheduled(desired);
    status.setCurrentNumberScheduled(scheduled);
    status.setNumberMisscheduled(0);
    status.setNumberReady(ready);
    status.setUpdatedNumberScheduled(scheduled);
    status.setNumberAvailable(ready);
    status.setNumberUnavailable(Math.max(desired - ready, 0));
    status.setObservedGeneration(set.getMetadata().getGeneration());
    if (!Objects.equals(set.getStatus(), status)) {
      store.modifyStatus(
          ResourceType.DAEMON_SET,
          set.getMetadata().getNamespace(),
          set.getMetadata().getName(),
          d -> d.setStatus(status));
    }
  }
}
