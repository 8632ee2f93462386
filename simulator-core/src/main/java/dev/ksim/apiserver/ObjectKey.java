package dev.ksim.apiserver;

import static com.google.common.base.Preconditions.checkArgument;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;

/**
 * Identifies one object in the store: its type, namespace ("" for cluster-scoped kinds) and name.
 */
public record ObjectKey(ResourceType<?> type, String namespace, String name)
    implements Comparable<ObjectKey> {
  private static final Comparator<ObjectKey> ORDER =
      Comparator.<ObjectKey, ResourceType<?>>comparing(ObjectKey::type)
          .thenComparing(ObjectKey::namespace)
          .thenComparing(ObjectKey::name);

  public ObjectKey {
    checkArgument(!name.isEmpty(), "name must not be empty");
    checkArgument(
        type.namespaced() || namespace.isEmpty(), "%s is not namespaced: %s", type, namespace);
  }

  /** The key of a stored or about-to-be-stored object. */
  public static ObjectKey of(ResourceType<?> type, HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return new ObjectKey(
        type, type.namespaced() && ns != null ? ns : "", object.getMetadata().getName());
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? type + "/" + name : type + "/" + namespace + "/" + name;
  }
}
