package dev.ksim.apiserver;

import com.google.common.collect.ImmutableList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A kind of object the API store serves: its group/version/kind, whether it is namespaced, the
 * names kubectl accepts for it, and its deep copy ({@link ModelCopy}).
 *
 * @param <T> the fabric8 model class
 * @param kind the object kind, e.g. {@code Service}
 * @param apiVersion group/version, e.g. {@code apps/v1}
 * @param plural the resource name, e.g. {@code services}
 * @param shortNames kubectl's short names, e.g. {@code svc}
 * @param namespaced whether objects live in a namespace
 * @param order the resource's position in kubectl's listings of several kinds, which is also its
 *     index in {@link #ALL}
 */
public record ResourceType<T extends HasMetadata>(
    Class<T> modelClass,
    String kind,
    String apiVersion,
    String plural,
    List<String> shortNames,
    boolean namespaced,
    int order)
    implements Comparable<ResourceType<?>> {

  public static final ResourceType<Namespace> NAMESPACE =
      new ResourceType<>(Namespace.class, "Namespace", "v1", "namespaces", List.of("ns"), false, 0);
  public static final ResourceType<Node> NODE =
      new ResourceType<>(Node.class, "Node", "v1", "nodes", List.of("no"), false, 1);
  public static final ResourceType<ConfigMap> CONFIG_MAP =
      new ResourceType<>(ConfigMap.class, "ConfigMap", "v1", "configmaps", List.of("cm"), true, 2);
  public static final ResourceType<Secret> SECRET =
      new ResourceType<>(Secret.class, "Secret", "v1", "secrets", List.of(), true, 3);
  public static final ResourceType<Pod> POD =
      new ResourceType<>(Pod.class, "Pod", "v1", "pods", List.of("po"), true, 4);
  public static final ResourceType<Service> SERVICE =
      new ResourceType<>(Service.class, "Service", "v1", "services", List.of("svc"), true, 5);
  public static final ResourceType<DaemonSet> DAEMON_SET =
      new ResourceType<>(
          DaemonSet.class, "DaemonSet", "apps/v1", "daemonsets", List.of("ds"), true, 6);
  public static final ResourceType<Deployment> DEPLOYMENT =
      new ResourceType<>(
          Deployment.class, "Deployment", "apps/v1", "deployments", List.of("deploy"), true, 7);
  public static final ResourceType<ReplicaSet> REPLICA_SET =
      new ResourceType<>(
          ReplicaSet.class, "ReplicaSet", "apps/v1", "replicasets", List.of("rs"), true, 8);
  public static final ResourceType<StatefulSet> STATEFUL_SET =
      new ResourceType<>(
          StatefulSet.class, "StatefulSet", "apps/v1", "statefulsets", List.of("sts"), true, 9);
  public static final ResourceType<Endpoints> ENDPOINTS =
      new ResourceType<>(Endpoints.class, "Endpoints", "v1", "endpoints", List.of("ep"), true, 10);
  public static final ResourceType<EndpointSlice> ENDPOINT_SLICE =
      new ResourceType<>(
          EndpointSlice.class,
          "EndpointSlice",
          "discovery.k8s.io/v1",
          "endpointslices",
          List.of(),
          true,
          11);

  public static final ResourceType<StorageClass> STORAGE_CLASS =
      new ResourceType<>(
          StorageClass.class,
          "StorageClass",
          "storage.k8s.io/v1",
          "storageclasses",
          List.of("sc"),
          false,
          12);
  public static final ResourceType<PersistentVolume> PERSISTENT_VOLUME =
      new ResourceType<>(
          PersistentVolume.class,
          "PersistentVolume",
          "v1",
          "persistentvolumes",
          List.of("pv"),
          false,
          13);
  public static final ResourceType<PersistentVolumeClaim> PERSISTENT_VOLUME_CLAIM =
      new ResourceType<>(
          PersistentVolumeClaim.class,
          "PersistentVolumeClaim",
          "v1",
          "persistentvolumeclaims",
          List.of("pvc"),
          true,
          14);
  public static final ResourceType<IngressClass> INGRESS_CLASS =
      new ResourceType<>(
          IngressClass.class,
          "IngressClass",
          "networking.k8s.io/v1",
          "ingressclasses",
          List.of(),
          false,
          15);
  public static final ResourceType<Ingress> INGRESS =
      new ResourceType<>(
          Ingress.class, "Ingress", "networking.k8s.io/v1", "ingresses", List.of("ing"), true, 16);

  /**
   * core/v1 Events, as the components' event recorders write them (kubectl reads these; the
   * events.k8s.io/v1 API is another view of the same objects).
   */
  public static final ResourceType<Event> EVENT =
      new ResourceType<>(Event.class, "Event", "v1", "events", List.of("ev"), true, 17);

  /** Every kind the store serves, in kubectl's listing order. */
  public static final ImmutableList<ResourceType<?>> ALL =
      ImmutableList.of(
          NAMESPACE,
          NODE,
          CONFIG_MAP,
          SECRET,
          POD,
          SERVICE,
          DAEMON_SET,
          DEPLOYMENT,
          REPLICA_SET,
          STATEFUL_SET,
          ENDPOINTS,
          ENDPOINT_SLICE,
          STORAGE_CLASS,
          PERSISTENT_VOLUME,
          PERSISTENT_VOLUME_CLAIM,
          INGRESS_CLASS,
          INGRESS,
          EVENT);

  public ResourceType {
    shortNames = ImmutableList.copyOf(shortNames);
  }

  /** The API group ("" for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The name kubectl prints in {@code kind/name} form, e.g. {@code deployment.apps}. */
  public String qualifiedName() {
    String lower = kind.toLowerCase(Locale.ROOT);
    return group().isEmpty() ? lower : lower + "." + group();
  }

  /** A deep copy of {@code object}, which the caller may change. */
  public T copy(HasMetadata object) {
    return ModelCopy.of(modelClass.cast(object));
  }

  /** The type for an apiVersion and kind as written in a manifest. */
  public static Optional<ResourceType<?>> forKind(String apiVersion, String kind) {
    return ALL.stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /** The type kubectl means by {@code name}: a plural, singular, short or qualified name. */
  public static Optional<ResourceType<?>> forName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ALL.stream()
        .filter(
            t ->
                t.plural().equals(lower)
                    || t.kind().toLowerCase(Locale.ROOT).equals(lower)
                    || t.shortNames().contains(lower)
                    || t.qualifiedName().equals(lower)
                    || (t.plural() + "." + t.group()).equals(lower))
        .findFirst();
  }

  /**
   * Each type is one of the constants above, so the same type is the same instance; comparing
   * identities spares every key lookup of the store a comparison of all the components (the
   * short-name list among them).
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return this == other;
  }

  /** The kind's hash, cheap and the same from run to run. */
  @Override
  public int hashCode() {
    return kind.hashCode();
  }

  @Override
  public int compareTo(ResourceType<?> other) {
    return Integer.compare(order, other.order);
  }

  @Override
  public String toString() {
    return plural;
  }
}
