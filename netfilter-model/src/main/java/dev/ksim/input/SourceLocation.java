package dev.ksim.input;

import org.jspecify.annotations.Nullable;

/**
 * Where in a user's input a problem is.
 *
 * @param file the file as the user named it ({@code -} for standard input)
 * @param line 1-based line, 0 when unknown
 * @param field the field path at fault (e.g. {@code spec.ports[0].nodePort}), or null
 */
public record SourceLocation(String file, int line, @Nullable String field) {
  /** {@code file:line: field} (the parts that are known). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (field != null && !field.isEmpty()) {
      sb.append(": ").append(field);
    }
    return sb.toString();
  }
}
