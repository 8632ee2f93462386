package dev.ksim.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object the store keeps in its writer's smaller form rather than as its model object, building
 * the model object each time it is read ({@link ApiStore#createCompact}): for a kind written by the
 * hundred thousand and seldom read, the Events a large cluster records. A form must not change once
 * given to the store, and its object carries no labels or owner references (the store's indexes by
 * label and by owner do not see it).
 *
 * @param <T> the fabric8 model class the form builds
 */
public interface CompactObject<T extends HasMetadata> {
  /** The object's namespace. */
  String namespace();

  /** The object's name. */
  String name();

  /**
   * A new model object holding what the writer set, its name and namespace included; the store adds
   * what it stamps on a new object (uid, creation time, resourceVersion, generation).
   */
  T build();
}
