package dev.ksim.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** ownerReference helpers: the controller reference of an object, and making one. */
public final class Owners {
  private Owners() {}

  /**
   * The owner with {@code controller: true}, if any. A loop, not a stream: the controllers ask this
   * of every pod and ReplicaSet they list.
   */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    return Optional.ofNullable(controller(object));
  }

  /**
   * Whether {@code object} is controlled by the object with {@code uid}. Without an Optional: the
   * controllers ask it of every pod and ReplicaSet they list, much of a large settle before the JIT
   * has compiled them, when nothing is scalar-replaced.
   */
  public static boolean isControlledBy(HasMetadata object, String uid) {
    OwnerReference controller = controller(object);
    return controller != null && uid.equals(controller.getUid());
  }

  private static @Nullable OwnerReference controller(HasMetadata object) {
    for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(owner.getController())) {
        return owner;
      }
    }
    return null;
  }

  /** A controller reference to {@code owner}, as controllers set on what they create. */
  public static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** namespace/name, the key controllers queue. */
  public static String key(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }
}
