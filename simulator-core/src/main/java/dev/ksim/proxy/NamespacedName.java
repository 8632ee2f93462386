package dev.ksim.proxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A namespaced object's key, {@code namespace/name} (upstream's {@code types.NamespacedName}): how
 * kube-proxy's change trackers and maps key Services.
 *
 * @see <a
 *     href="https://github.com/kubernetes/apimachinery/blob/master/pkg/types/namespacedname.go">types.NamespacedName</a>
 */
public record NamespacedName(String namespace, String name) implements Comparable<NamespacedName> {
  private static final Comparator<NamespacedName> ORDER =
      Comparator.comparing(NamespacedName::namespace).thenComparing(NamespacedName::name);

  /** The key of a stored object. */
  public static NamespacedName of(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return new NamespacedName(namespace == null ? "" : namespace, object.getMetadata().getName());
  }

  /**
   * Written out, not the record's own (a method handle chain, slow until the JIT has compiled it):
   * the trackers and maps of every node hash a Service's key several times per sync. The same value
   * as the record's own, so hash orders do not change.
   */
  @Override
  public int hashCode() {
    return 31 * namespace.hashCode() + name.hashCode();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o
        || (o instanceof NamespacedName other
            && name.equals(other.name)
            && namespace.equals(other.namespace));
  }

  @Override
  public int compareTo(NamespacedName other) {
    return ORDER.compare(this, other);
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
