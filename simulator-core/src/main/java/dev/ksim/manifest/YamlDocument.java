package dev.ksim.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import dev.ksim.input.SourceLocation;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One YAML document of a manifest file, as a JSON tree, with the line of every field.
 *
 * @param file the file as the user named it
 * @param line the document's first line
 * @param tree the document's content
 * @param fieldLines the line of each field path ({@code spec.ports[0].port})
 */
public record YamlDocument(String file, int line, JsonNode tree, Map<String, Integer> fieldLines) {
  public YamlDocument {
    fieldLines = fieldLines instanceof FieldLines read ? read : ImmutableMap.copyOf(fieldLines);
  }

  /**
   * Where {@code fieldPath} is: its own line, else the line of its nearest parent that is written
   * in the document, else the document's first line.
   */
  public SourceLocation locate(@Nullable String fieldPath) {
    if (fieldPath == null) {
      return new SourceLocation(file, line, null);
    }
    String path = fieldPath;
    while (!path.isEmpty()) {
      Integer found = fieldLines.get(path);
      if (found != null) {
        return new SourceLocation(file, found, fieldPath);
      }
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut < 0 ? "" : path.substring(0, cut);
    }
    return new SourceLocation(file, line, fieldPath);
  }

  /** The same document with every line moved down by {@code lines} (YAML embedded in YAML). */
  public YamlDocument shifted(int lines) {
    Map<String, Integer> moved = new HashMap<>();
    fieldLines.forEach((path, line) -> moved.put(path, line + lines));
    return new YamlDocument(file, line + lines, tree, moved);
  }

  /** A string field at the top of the document, or "" when absent. */
  public String text(String field) {
    JsonNode value = tree.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
