package dev.ksim.controller.volume;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds claims to volumes (see the package documentation) and marks unclaimed volumes Available, as
 * pkg/controller/volume/persistentvolume's syncClaim and syncVolume do.
 */
public final class PersistentVolumeController {
  /** The claim annotation the scheduler sets for a WaitForFirstConsumer claim. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

  private final ApiStore store;
  private final WorkQueue<ObjectKey> claims;

  public PersistentVolumeController(ApiStore store, Duration delay) {
    this.store = store;
    this.claims = new WorkQueue<>(store.loop(), delay, "persistentvolume-binder", this::syncClaim);
    store.watch(
        ResourceType.PERSISTENT_VOLUME_CLAIM,
        ResourceEventHandler.onAnyChange(
            c -> claims.add(ObjectKey.of(ResourceType.PERSISTENT_VOLUME_CLAIM, c))));
    store.watch(
        ResourceType.PERSISTENT_VOLUME,
        ResourceEventHandler.onAnyChange(
            v -> {
              syncVolume(v);
              store.<PersistentVolumeClaim>list(ResourceType.PERSISTENT_VOLUME_CLAIM).stream()
                  .filter(c -> "Pending".equals(c.getStatus().getPhase()))
                  .forEach(c -> claims.add(ObjectKey.of(ResourceType.PERSISTENT_VOLUME_CLAIM, c)));
            }));
  }

  /** Whether {@code claim}'s class binds only once a consumer is scheduled. */
  public static boolean waitsForFirstConsumer(ApiStore store, PersistentVolumeClaim claim) {
    String name = VolumeMatching.className(claim);
    return !name.isEmpty()
        && store
            .<StorageClass>get(new ObjectKey(ResourceType.STORAGE_CLASS, "", name))
            .map(sc -> "WaitForFirstConsumer".equals(sc.getVolumeBindingMode()))
            .orElse(false);
  }

  private void syncVolume(PersistentVolume volume) {
    String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
    if ("Pending".equals(phase) && volume.getSpec().getClaimRef() == null) {
      store.modify(
          ResourceType.PERSISTENT_VOLUME,
          "",
          volume.getMetadata().getName(),
          v -> v.getStatus().setPhase("Available"));
    }
  }

  private void syncClaim(ObjectKey key) {
    Optional<PersistentVolumeClaim> found = store.get(key);
    if (found.isEmpty() || !"Pending".equals(found.get().getStatus().getPhase())) {
      return;
    }
    PersistentVolumeClaim claim = found.get();
    Node node = null;
    if (waitsForFirstConsumer(store, claim)) {
      Map<String, String> annotations = claim.getMetadata().getAnnotations();
      String selected = annotations == null ? null : annotations.get(SELECTED_NODE);
      if (selected == null) {
        return;
      }
      Optional<Node> chosen = store.get(new ObjectKey(ResourceType.NODE, "", selected));
      if (chosen.isEmpty()) {
        return;
      }
      node = chosen.get();
    }
    List<PersistentVolume> volumes = store.list(ResourceType.PERSISTENT_VOLUME);
    Optional<PersistentVolume> volume = VolumeMatching.findMatchingVolume(claim, volumes, node);
    volume.ifPresent(v -> bind(claim, v));
  }

  private void bind(PersistentVolumeClaim claim, PersistentVolume volume) {
    String volumeName = volume.getMetadata().getName();
    store.modify(
        ResourceType.PERSISTENT_VOLUME,
        "",
        volumeName,
        v -> {
          v.getSpec()
              .setClaimRef(
                  new ObjectReferenceBuilder()
                      .withApiVersion("v1")
                      .withKind("PersistentVolumeClaim")
                      .withNamespace(claim.getMetadata().getNamespace())
                      .withName(claim.getMetadata().getName())
                      .withUid(claim.getMetadata().getUid())
                      .build());
          v.getStatus().setPhase("Bound");
          annotate(v.getMetadata().getAnnotations(), v, "pv.kubernetes.io/bound-by-controller");
        });
    store.modify(
        ResourceType.PERSISTENT_VOLUME_CLAIM,
        claim.getMetadata().getNamespace(),
        claim.getMetadata().getName(),
        c -> {
          c.getSpec().setVolumeName(volumeName);
          c.getStatus().setPhase("Bound");
          c.getStatus().setAccessModes(volume.getSpec().getAccessModes());
          c.getStatus().setCapacity(volume.getSpec().getCapacity());
          annotate(c.getMetadata().getAnnotations(), c, "pv.kubernetes.io/bind-completed");
          c.getMetadata().getAnnotations().put("pv.kubernetes.io/bound-by-controller", "yes");
        });
  }

  private static void annotate(
      Map<String, String> existing,
      io.fabric8.kubernetes.api.model.HasMetadata object,
      String key) {
    Map<String, String> annotations =
        existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
    annotations.put(key, "yes");
    object.getMetadata().setAnnotations(annotations);
  }
}
