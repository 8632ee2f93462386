package dev.ksim.scheduler;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.volume.PersistentVolumeController;
import dev.ksim.controller.volume.VolumeMatching;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's VolumeBinding plugin for pods with PersistentVolumeClaims: a claim that does not
 * exist, or an unbound claim of an Immediate class, keeps the pod Pending; a node is feasible when
 * the bound volumes' node affinity admits it and, for a WaitForFirstConsumer claim, a matching
 * volume there is available; the chosen node is written on such claims for the binder.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/scheduler/framework/plugins/volumebinding/volume_binding.go">volumebinding</a>
 */
final class VolumeBinding {
  /** PreFilter's reason for an unbound claim of an Immediate class. */
  static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

  /** Filter's reason when a bound volume cannot be reached from the node. */
  static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";

  /** Filter's reason when no volume for a WaitForFirstConsumer claim is on the node. */
  static final String NO_VOLUME = "node(s) didn't find available persistent volumes to bind";

  private final ApiStore store;

  VolumeBinding(ApiStore store) {
    this.store = store;
  }

  /** Why no node can take {@code pod} whatever the node, if so (PreFilter). */
  Optional<String> preFilter(Pod pod) {
    for (String name : claimNames(pod)) {
      Optional<PersistentVolumeClaim> claim = claim(pod, name);
      if (claim.isEmpty()) {
        return Optional.of("persistentvolumeclaim \"" + name + "\" not found");
      }
      if (!isBound(claim.get())
          && !PersistentVolumeController.waitsForFirstConsumer(store, claim.get())) {
        return Optional.of(UNBOUND_IMMEDIATE);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code pod} mounts any PersistentVolumeClaim (when not, Filter has nothing to do). */
  boolean hasClaims(Pod pod) {
    return !claimNames(pod).isEmpty();
  }

  /** Why {@code node} cannot take {@code pod}'s volumes, if so (Filter). */
  Optional<String> filter(Pod pod, Node node) {
    List<PersistentVolumeClaim> waiting = new ArrayList<>();
    for (String name : claimNames(pod)) {
      Optional<PersistentVolumeClaim> claim = claim(pod, name);
      if (claim.isEmpty()) {
        continue;
      }
      if (isBound(claim.get())) {
        Optional<PersistentVolume> volume =
            store.get(
                new ObjectKey(
                    ResourceType.PERSISTENT_VOLUME, "", claim.get().getSpec().getVolumeName()));
        if (volume.isPresent() && !VolumeMatching.admits(volume.get(), node)) {
          return Optional.of(NODE_CONFLICT);
        }
      } else {
        waiting.add(claim.get());
      }
    }
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    List<PersistentVolume> free = new ArrayList<>(store.list(ResourceType.PERSISTENT_VOLUME));
    for (PersistentVolumeClaim claim : waiting) {
      Optional<PersistentVolume> match = VolumeMatching.findMatchingVolume(claim, free, node);
      if (match.isEmpty()) {
        return Optional.of(NO_VOLUME);
      }
      free.remove(match.get());
    }
    return Optional.empty();
  }

  /** Writes the chosen node on {@code pod}'s unbound WaitForFirstConsumer claims. */
  void assume(Pod pod, String node) {
    for (String name : claimNames(pod)) {
      Optional<PersistentVolumeClaim> claim = claim(pod, name);
      if (claim.isPresent() && !isBound(claim.get())) {
        store.modify(
            ResourceType.PERSISTENT_VOLUME_CLAIM,
            pod.getMetadata().getNamespace(),
            name,
            c -> {
              Map<String, String> annotations =
                  c.getMetadata().getAnnotations() == null
                      ? new LinkedHashMap<>()
                      : new LinkedHashMap<>(c.getMetadata().getAnnotations());
              annotations.put(PersistentVolumeController.SELECTED_NODE, node);
              c.getMetadata().setAnnotations(annotations);
            });
      }
    }
  }

  private static List<String> claimNames(Pod pod) {
    List<String> names = new ArrayList<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() != null
          && volume.getPersistentVolumeClaim().getClaimName() != null) {
        names.add(volume.getPersistentVolumeClaim().getClaimName());
      }
    }
    return names;
  }

  private Optional<PersistentVolumeClaim> claim(Pod pod, String name) {
    return store.get(
        new ObjectKey(
            ResourceType.PERSISTENT_VOLUME_CLAIM, pod.getMetadata().getNamespace(), name));
  }

  private static boolean isBound(PersistentVolumeClaim claim) {
    return claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty();
  }
}
