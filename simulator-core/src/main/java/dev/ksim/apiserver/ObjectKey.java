package dev.ksim.apiserver;

import static com.google.common.base.Preconditions.checkArgument;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Identifies one object in the store: its type, namespace ("" for cluster-scoped kinds) and name.
 */
public record ObjectKey(ResourceType<?> type, String namespace, String name)
    implements Comparable<ObjectKey> {
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

  /**
   * By type, namespace and name. Written out rather than as a chained comparator: the store's
   * tables compare keys on every lookup, and 100,000 pods make that the hottest code of a settle.
   */
  @Override
  public int compareTo(ObjectKey other) {
    int byType = type.compareTo(other.type);
    if (byType != 0) {
      return byType;
    }
    int byNamespace = namespace.compareTo(other.namespace);
    return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
  }

  /**
   * Written out, as {@link #compareTo}: every lookup of the store and of the controllers' queues
   * goes through it, and a record's generated method runs through method handles, slow until the
   * JIT has compiled it (most of a cold settle).
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ObjectKey key
        && type.equals(key.type)
        && name.equals(key.name)
        && namespace.equals(key.namespace);
  }

  /** The record's own hash (each component's combined as {@code 31 * h + c}), written out. */
  @Override
  public int hashCode() {
    return (31 * type.hashCode() + namespace.hashCode()) * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? type + "/" + name : type + "/" + namespace + "/" + name;
  }
}
