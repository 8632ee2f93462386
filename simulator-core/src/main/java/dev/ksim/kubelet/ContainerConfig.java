package dev.ksim.kubelet;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a pod's containers can be started: its PersistentVolumeClaims must be bound, and every
 * Secret and ConfigMap its volumes mount and its containers' environment reads must exist (unless
 * marked {@code optional: true}), as the kubelet checks before mounting volumes (a FailedMount, the
 * pod stays ContainerCreating without a sandbox) and before creating each container
 * (CreateContainerConfigError).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/kubelet/kubelet_pods.go">kubelet_pods.go
 *     (makeEnvironmentVariables: "secret %q not found", "couldn't find key %v in Secret %v/%v")</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/volume/secret/secret.go">volume/secret
 *     (SetUpAt fails with the Get error: secret "x" not found)</a>
 */
public final class ContainerConfig {
  /** The waiting reason of a container whose environment cannot be made. */
  public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";

  /** The waiting reason of a container whose pod's volumes are not mounted yet. */
  public static final String CONTAINER_CREATING = "ContainerCreating";

  /**
   * Why a pod cannot start yet.
   *
   * @param reason {@link #CONTAINER_CREATING} (a volume cannot be mounted; no sandbox yet) or
   *     {@link #CREATE_CONTAINER_CONFIG_ERROR} (a container's environment cannot be made)
   * @param message the kubelet's message, e.g. {@code secret "mongo-secret" not found}
   * @param volume the volume that cannot be mounted, or null for an environment reference
   * @param container the container whose environment cannot be made, or null for a volume
   */
  public record Hold(
      String reason, String message, @Nullable String volume, @Nullable String container) {
    /** Whether the pod's sandbox (and address) exists: only the environment is missing. */
    public boolean hasSandbox() {
      return volume == null;
    }

    /** The FailedMount event's message, for a volume hold. */
    public String failedMountMessage() {
      return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + message;
    }
  }

  private final ApiStore store;

  ContainerConfig(ApiStore store) {
    this.store = store;
  }

  /** The first reason {@code pod} cannot start, if any: its volumes first, then environments. */
  public Optional<Hold> check(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Optional<String> missing = missingVolumeSource(namespace, volume);
      if (missing.isPresent()) {
        return Optional.of(new Hold(CONTAINER_CREATING, missing.get(), volume.getName(), null));
      }
    }
    List<Container> containers = new ArrayList<>(pod.getSpec().getInitContainers());
    containers.addAll(pod.getSpec().getContainers());
    for (Container container : containers) {
      Optional<String> missing = missingEnvironment(namespace, container);
      if (missing.isPresent()) {
        return Optional.of(
            new Hold(CREATE_CONTAINER_CONFIG_ERROR, missing.get(), null, container.getName()));
      }
    }
    return Optional.empty();
  }

  private Optional<String> missingVolumeSource(String namespace, Volume volume) {
    if (volume.getPersistentVolumeClaim() != null) {
      String claim = volume.getPersistentVolumeClaim().getClaimName();
      Optional<PersistentVolumeClaim> found =
          claim == null
              ? Optional.empty()
              : store.get(new ObjectKey(ResourceType.PERSISTENT_VOLUME_CLAIM, namespace, claim));
      if (found.isEmpty()) {
        return Optional.of(notFound("persistentvolumeclaim", claim));
      }
      if (!"Bound".equals(found.get().getStatus().getPhase())) {
        return Optional.of("persistentvolumeclaim \"" + claim + "\" is not bound");
      }
    }
    if (volume.getSecret() != null && !isTrue(volume.getSecret().getOptional())) {
      return secret(namespace, volume.getSecret().getSecretName()).isPresent()
          ? Optional.empty()
          : Optional.of(notFound("secret", volume.getSecret().getSecretName()));
    }
    if (volume.getConfigMap() != null && !isTrue(volume.getConfigMap().getOptional())) {
      return configMap(namespace, volume.getConfigMap().getName()).isPresent()
          ? Optional.empty()
          : Optional.of(notFound("configmap", volume.getConfigMap().getName()));
    }
    if (volume.getProjected() != null) {
      for (VolumeProjection source : volume.getProjected().getSources()) {
        if (source.getSecret() != null
            && !isTrue(source.getSecret().getOptional())
            && secret(namespace, source.getSecret().getName()).isEmpty()) {
          return Optional.of(notFound("secret", source.getSecret().getName()));
        }
        if (source.getConfigMap() != null
            && !isTrue(source.getConfigMap().getOptional())
            && configMap(namespace, source.getConfigMap().getName()).isEmpty()) {
          return Optional.of(notFound("configmap", source.getConfigMap().getName()));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> missingEnvironment(String namespace, Container container) {
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getSecretRef() != null
          && !isTrue(from.getSecretRef().getOptional())
          && secret(namespace, from.getSecretRef().getName()).isEmpty()) {
        return Optional.of(notFound("secret", from.getSecretRef().getName()));
      }
      if (from.getConfigMapRef() != null
          && !isTrue(from.getConfigMapRef().getOptional())
          && configMap(namespace, from.getConfigMapRef().getName()).isEmpty()) {
        return Optional.of(notFound("configmap", from.getConfigMapRef().getName()));
      }
    }
    for (EnvVar env : container.getEnv()) {
      if (env.getValueFrom() == null) {
        continue;
      }
      SecretKeySelector secretKey = env.getValueFrom().getSecretKeyRef();
      if (secretKey != null && !isTrue(secretKey.getOptional())) {
        Optional<String> missing =
            missingKey(
                namespace,
                "Secret",
                secretKey.getName(),
                secretKey.getKey(),
                secret(namespace, secretKey.getName()).map(ContainerConfig::secretKeys));
        if (missing.isPresent()) {
          return missing;
        }
      }
      ConfigMapKeySelector configMapKey = env.getValueFrom().getConfigMapKeyRef();
      if (configMapKey != null && !isTrue(configMapKey.getOptional())) {
        Optional<String> missing =
            missingKey(
                namespace,
                "ConfigMap",
                configMapKey.getName(),
                configMapKey.getKey(),
                configMap(namespace, configMapKey.getName()).map(ContainerConfig::configMapKeys));
        if (missing.isPresent()) {
          return missing;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> missingKey(
      String namespace,
      String kind,
      @Nullable String name,
      @Nullable String key,
      Optional<List<String>> keys) {
    if (keys.isEmpty()) {
      return Optional.of(notFound(kind.equals("Secret") ? "secret" : "configmap", name));
    }
    if (!keys.get().contains(String.valueOf(key))) {
      return Optional.of("couldn't find key " + key + " in " + kind + " " + namespace + "/" + name);
    }
    return Optional.empty();
  }

  private static List<String> secretKeys(Secret secret) {
    List<String> keys = new ArrayList<>(keys(secret.getData()));
    keys.addAll(keys(secret.getStringData()));
    return keys;
  }

  private static List<String> configMapKeys(ConfigMap configMap) {
    List<String> keys = new ArrayList<>(keys(configMap.getData()));
    keys.addAll(keys(configMap.getBinaryData()));
    return keys;
  }

  private static List<String> keys(@Nullable Map<String, String> data) {
    return data == null ? List.of() : List.copyOf(data.keySet());
  }

  private Optional<Secret> secret(String namespace, @Nullable String name) {
    return name == null
        ? Optional.empty()
        : store.get(new ObjectKey(ResourceType.SECRET, namespace, name));
  }

  private Optional<ConfigMap> configMap(String namespace, @Nullable String name) {
    return name == null
        ? Optional.empty()
        : store.get(new ObjectKey(ResourceType.CONFIG_MAP, namespace, name));
  }

  private static String notFound(String kind, @Nullable String name) {
    return kind + " \"" + name + "\" not found";
  }

  private static boolean isTrue(@Nullable Boolean value) {
    return Boolean.TRUE.equals(value);
  }
}
