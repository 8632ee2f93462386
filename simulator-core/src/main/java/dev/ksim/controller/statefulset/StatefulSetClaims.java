package dev.ksim.controller.statefulset;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A StatefulSet's volumeClaimTemplates: each ordinal gets its own claim, {@code
 * <template>-<set>-<ordinal>}, labelled with the template's and the set's selector labels, created
 * before its pod and kept when the pod goes (the default Retain retention policy); the pod mounts
 * it under the template's name.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/statefulset/stateful_set_utils.go">stateful_set_utils.go
 *     (getPersistentVolumeClaimName, updateStorage)</a>
 */
final class StatefulSetClaims {
  private StatefulSetClaims() {}

  /** Creates the claims of {@code ordinal} that do not exist yet; returns their names. */
  static List<String> ensure(ApiStore store, StatefulSet set, int ordinal) {
    List<String> created = new ArrayList<>();
    String ns = set.getMetadata().getNamespace();
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
      String name = claimName(set, template, ordinal);
      if (store.get(new ObjectKey(ResourceType.PERSISTENT_VOLUME_CLAIM, ns, name)).isPresent()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      if (set.getSpec().getSelector() != null
          && set.getSpec().getSelector().getMatchLabels() != null) {
        labels.putAll(set.getSpec().getSelector().getMatchLabels());
      }
      store.create(
          ResourceType.PERSISTENT_VOLUME_CLAIM,
          new PersistentVolumeClaimBuilder()
              .withMetadata(
                  new ObjectMetaBuilder()
                      .withName(name)
                      .withNamespace(ns)
                      .withLabels(labels)
                      .withAnnotations(template.getMetadata().getAnnotations())
                      .build())
              .withSpec(template.getSpec())
              .build());
      created.add(name);
    }
    return created;
  }

  /** {@code pod}'s volumes with each template's claim in place of any same-named volume. */
  static void mount(StatefulSet set, Pod pod, int ordinal) {
    List<Volume> volumes = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
      templates.add(template.getMetadata().getName());
      volumes.add(
          new VolumeBuilder()
              .withName(template.getMetadata().getName())
              .withNewPersistentVolumeClaim()
              .withClaimName(claimName(set, template, ordinal))
              .endPersistentVolumeClaim()
              .build());
    }
    if (templates.isEmpty()) {
      return;
    }
    pod.getSpec().getVolumes().stream()
        .filter(v -> !templates.contains(v.getName()))
        .forEach(volumes::add);
    pod.getSpec().setVolumes(volumes);
  }

  private static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
    return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
  }
}
