package dev.ksim.controller;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
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

  /**
   * Queues the key of {@code dependent}'s controller when that is of {@code type} (a ReplicaSet's
   * pod wakes the ReplicaSet). Without an Optional or a lambda: each controller's watch handler
   * does this for each change of every pod (or ReplicaSet), much of it before the JIT has compiled
   * the handler, when nothing is scalar-replaced.
   */
  public static void queueController(
      HasMetadata dependent, ResourceType<?> type, WorkQueue<ObjectKey> queue) {
    OwnerReference controller = controller(dependent);
    if (controller != null && type.kind().equals(controller.getKind())) {
      queue.add(new ObjectKey(type, dependent.getMetadata().getNamespace(), controller.getName()));
    }
  }

  /** The uid of {@code object}'s controller, else null. */
  public static @Nullable String controllerUid(HasMetadata object) {
    OwnerReference controller = controller(object);
    return controller == null ? null : controller.getUid();
  }

  /**
   * By index, not by iterator: the owner lists are of several classes (the model's, the store's,
   * the controllers' immutable ones), so the JIT cannot inline their iterators and allocated one
   * per call, for each of the pods and ReplicaSets the controllers and watch handlers look at.
   */
  private static @Nullable OwnerReference controller(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    for (int i = 0; i < owners.size(); i++) {
      OwnerReference owner = owners.get(i);
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
