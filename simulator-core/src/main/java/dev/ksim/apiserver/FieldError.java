package dev.ksim.apiserver;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One validation error on one field, worded as apimachinery's {@code field.Error} prints it, e.g.
 * {@code spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range}.
 *
 * @param path the field path, e.g. {@code spec.ports[0].nodePort}
 * @param message everything after the path
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go">field/errors.go</a>
 */
public record FieldError(String path, String message) {

  /** {@code Invalid value: <value>: <detail>}; strings are quoted as Go's %q would. */
  public static FieldError invalid(String path, @Nullable Object value, String detail) {
    return new FieldError(path, "Invalid value: " + goValue(value) + ": " + detail);
  }

  /** {@code Invalid value: <literal>: <detail>} with the value already in Go's notation. */
  public static FieldError invalidLiteral(String path, String literal, String detail) {
    return new FieldError(path, "Invalid value: " + literal + ": " + detail);
  }

  public static FieldError required(String path, String detail) {
    return new FieldError(path, detail.isEmpty() ? "Required value" : "Required value: " + detail);
  }

  public static FieldError duplicate(String path, @Nullable Object value) {
    return new FieldError(path, "Duplicate value: " + goValue(value));
  }

  public static FieldError forbidden(String path, String detail) {
    return new FieldError(path, "Forbidden: " + detail);
  }

  public static FieldError notSupported(String path, @Nullable Object value, List<String> valid) {
    return notSupportedLiteral(path, goValue(value), valid);
  }

  /** {@code Unsupported value: <literal>: supported values: ...}, the value in Go's notation. */
  public static FieldError notSupportedLiteral(String path, String literal, List<String> valid) {
    return new FieldError(
        path,
        "Unsupported value: "
            + literal
            + ": supported values: "
            + valid.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ")));
  }

  /** How Go's {@code %v}/{@code %q} shows a value in these messages. */
  public static String goValue(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return value.toString();
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
