package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.FieldError;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registries of StorageClass, PersistentVolume and PersistentVolumeClaim: the API server's
 * defaults (Delete reclaim policy and Immediate binding for a class, Retain for a volume,
 * Filesystem volume mode), its validation of the fields binding relies on, and the
 * DefaultStorageClass admission plugin (a claim created without a class gets the default one).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/storage/validation/validation.go">storage
 *     validation</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/core/validation/validation.go">ValidatePersistentVolume,
 *     ValidatePersistentVolumeClaim</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/plugin/pkg/admission/storage/storageclass/setdefault/admission.go">DefaultStorageClass</a>
 */
public final class StorageStrategy {
  /** The annotation that makes a StorageClass the default. */
  public static final String DEFAULT_CLASS_ANNOTATION =
      "storageclass.kubernetes.io/is-default-class";

  private static final List<String> ACCESS_MODES =
      List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
  private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");
  private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");

  private StorageStrategy() {}

  public static Admission<StorageClass> storageClasses() {
    return (old, sc, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      if (sc.getProvisioner() == null || sc.getProvisioner().isEmpty()) {
        errors.add(FieldError.required("provisioner", ""));
      }
      if (sc.getReclaimPolicy() == null) {
        sc.setReclaimPolicy("Delete");
      } else if (!List.of("Delete", "Retain").contains(sc.getReclaimPolicy())) {
        errors.add(
            FieldError.notSupported(
                "reclaimPolicy", sc.getReclaimPolicy(), List.of("Delete", "Retain")));
      }
      if (sc.getVolumeBindingMode() == null) {
        sc.setVolumeBindingMode("Immediate");
      } else if (!BINDING_MODES.contains(sc.getVolumeBindingMode())) {
        errors.add(
            FieldError.notSupported("volumeBindingMode", sc.getVolumeBindingMode(), BINDING_MODES));
      }
      SimpleStrategies.check(sc, "StorageClass", Names::dns1123Subdomain, old == null, errors);
    };
  }

  public static Admission<PersistentVolume> persistentVolumes() {
    return (old, pv, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      PersistentVolumeSpec spec = pv.getSpec();
      if (spec == null) {
        errors.add(FieldError.required("spec", ""));
      } else {
        if (spec.getCapacity() == null || !spec.getCapacity().containsKey("storage")) {
          errors.add(FieldError.required("spec.capacity", ""));
        }
        accessModes("spec.accessModes", spec.getAccessModes(), errors);
        if (spec.getPersistentVolumeReclaimPolicy() == null) {
          spec.setPersistentVolumeReclaimPolicy("Retain");
        } else if (!RECLAIM_POLICIES.contains(spec.getPersistentVolumeReclaimPolicy())) {
          errors.add(
              FieldError.notSupported(
                  "spec.persistentVolumeReclaimPolicy",
                  spec.getPersistentVolumeReclaimPolicy(),
                  RECLAIM_POLICIES));
        }
        if (spec.getVolumeMode() == null) {
          spec.setVolumeMode("Filesystem");
        }
        if (spec.getLocal() != null && spec.getNodeAffinity() == null) {
          errors.add(
              FieldError.required("spec.nodeAffinity", "Local volume requires node affinity"));
        }
      }
      if (pv.getStatus() == null) {
        pv.setStatus(new PersistentVolumeStatus());
      }
      if (pv.getStatus().getPhase() == null) {
        pv.getStatus().setPhase("Pending");
      }
      SimpleStrategies.check(pv, "PersistentVolume", Names::dns1123Subdomain, old == null, errors);
    };
  }

  public static Admission<PersistentVolumeClaim> persistentVolumeClaims(ApiStore store) {
    return (old, pvc, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      var spec = pvc.getSpec();
      if (spec == null) {
        errors.add(FieldError.required("spec", ""));
      } else {
        accessModes("spec.accessModes", spec.getAccessModes(), errors);
        Map<String, ?> requests =
            spec.getResources() == null ? null : spec.getResources().getRequests();
        if (requests == null || !requests.containsKey("storage")) {
          errors.add(FieldError.required("spec.resources[storage]", ""));
        }
        if (spec.getVolumeMode() == null) {
          spec.setVolumeMode("Filesystem");
        }
        if (old == null && spec.getStorageClassName() == null) {
          defaultClass(store).ifPresent(spec::setStorageClassName);
        }
      }
      if (pvc.getStatus() == null) {
        pvc.setStatus(new PersistentVolumeClaimStatus());
      }
      if (pvc.getStatus().getPhase() == null) {
        pvc.getStatus().setPhase("Pending");
      }
      SimpleStrategies.check(
          pvc, "PersistentVolumeClaim", Names::dns1123Subdomain, old == null, errors);
    };
  }

  /** The newest StorageClass annotated as default, as the admission plugin picks it. */
  public static Optional<String> defaultClass(ApiStore store) {
    return store.<StorageClass>list(ResourceType.STORAGE_CLASS).stream()
        .filter(
            c ->
                c.getMetadata().getAnnotations() != null
                    && "true"
                        .equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)))
        .map(c -> c.getMetadata().getName())
        .findFirst();
  }

  private static void accessModes(String path, List<String> modes, List<FieldError> errors) {
    if (modes.isEmpty()) {
      errors.add(FieldError.required(path, ""));
    }
    for (String mode : modes) {
      if (!ACCESS_MODES.contains(mode)) {
        errors.add(FieldError.notSupported(path, mode, ACCESS_MODES));
      }
    }
  }
}
