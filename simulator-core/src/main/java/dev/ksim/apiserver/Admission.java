package dev.ksim.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jspecify.annotations.Nullable;

/**
 * What the API server does to an object of one kind before storing it: defaulting, validation and
 * allocation (a registry strategy in kube-apiserver's words). Allocations made here are recorded in
 * the store's {@link UndoLog} so that a failed multi-object apply leaves nothing behind.
 *
 * @param <T> the kind of object
 */
public interface Admission<T extends HasMetadata> {
  /**
   * Defaults and validates {@code object} (a private copy that may be changed in place) for a
   * create ({@code old} null) or an update.
   *
   * @throws ApiException when the object is invalid
   */
  void admit(@Nullable T old, T object, UndoLog undo);

  /**
   * Admits a write of {@code object}'s status subresource ({@link ApiStore#modifyStatus}), or a
   * pod's binding ({@link ApiStore#bind}): {@code object} holds {@code old}'s very spec, or for a
   * binding one holding its values with the node set (shared by the pods of one spec bound to one
   * node), and only its status changed besides. Neither spec may be changed here. By default as any
   * update.
   */
  default void admitStatus(T old, T object, UndoLog undo) {
    admit(old, object, undo);
  }

  /**
   * Whether {@link #admit}, for a create, always puts a spec of its own in place of the new
   * object's and never changes the given one, which nobody changes afterwards either (the store's
   * copy, or for {@link ApiStore#createOwned} the creator's own): a ReplicaSet's pods are created
   * holding its template's very spec, which the admission of the first one copies and the next ones
   * reuse without comparing it again.
   */
  default boolean replacesNewSpec() {
    return false;
  }

  /** Releases what the object held (addresses, ports) once it is gone. */
  default void release(T object, UndoLog undo) {}
}
