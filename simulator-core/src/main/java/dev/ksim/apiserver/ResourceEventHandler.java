package dev.ksim.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Receives the watch events of one kind, as client-go's {@code cache.ResourceEventHandler} does.
 * The default methods ignore the event, so a handler implements what it cares about.
 *
 * @param <T> the kind of object
 */
public interface ResourceEventHandler<T extends HasMetadata> {
  default void onAdd(T object) {}

  default void onUpdate(T old, T object) {}

  default void onDelete(T object) {}

  /** A handler that reacts to every change of an object alike, e.g. by queueing its key. */
  static <T extends HasMetadata> ResourceEventHandler<T> onAnyChange(
      java.util.function.Consumer<T> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        action.accept(object);
      }

      @Override
      public void onUpdate(T old, T object) {
        action.accept(object);
      }

      @Override
      public void onDelete(T object) {
        action.accept(object);
      }
    };
  }
}
