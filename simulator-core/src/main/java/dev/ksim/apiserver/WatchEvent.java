package dev.ksim.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A change to one object, as a watch delivers it. The objects are the store's own and must not be
 * changed by the receiver (as with client-go's informer caches).
 *
 * @param <T> the kind of object
 */
public sealed interface WatchEvent<T extends HasMetadata> {
  /** The object as it is after the change (before it, for a deletion). */
  T object();

  /** Dispatches to the matching method of {@code handler}. */
  void dispatch(ResourceEventHandler<T> handler);

  /** A new object. */
  record Added<T extends HasMetadata>(T object) implements WatchEvent<T> {
    @Override
    public void dispatch(ResourceEventHandler<T> handler) {
      handler.onAdd(object);
    }
  }

  /** A changed object, with its previous state. */
  record Modified<T extends HasMetadata>(T old, T object) implements WatchEvent<T> {
    @Override
    public void dispatch(ResourceEventHandler<T> handler) {
      handler.onUpdate(old, object);
    }
  }

  /** A removed object, in its last state. */
  record Deleted<T extends HasMetadata>(T object) implements WatchEvent<T> {
    @Override
    public void dispatch(ResourceEventHandler<T> handler) {
      handler.onDelete(object);
    }
  }
}
