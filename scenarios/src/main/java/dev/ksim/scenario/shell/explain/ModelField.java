package dev.ksim.scenario.shell.explain;

import org.jspecify.annotations.Nullable;

/**
 * One property of a model's schema.
 *
 * @param name the field's name in JSON, e.g. {@code clusterIP}
 * @param type its type
 * @param required whether the schema lists it as required
 * @param description its OpenAPI description, null when the schema has none
 */
public record ModelField(
    String name, FieldType type, boolean required, @Nullable String description) {}
