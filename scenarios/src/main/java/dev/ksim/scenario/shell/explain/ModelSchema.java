package dev.ksim.scenario.shell.explain;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAPI schema of one object type: its description and its properties in name order (the
 * order kubectl's template walks a schema's properties map in).
 *
 * @param description the type's description, null when the schema has none
 * @param fields its properties, sorted by name
 */
public record ModelSchema(@Nullable String description, List<ModelField> fields) {

  public ModelSchema {
    fields = List.copyOf(fields);
  }

  /** The property called {@code name}, if the schema has one. */
  public Optional<ModelField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
