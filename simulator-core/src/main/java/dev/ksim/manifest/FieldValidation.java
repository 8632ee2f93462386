package dev.ksim.manifest;

import java.util.Locale;
import java.util.Optional;

/**
 * What to do with a field the object's kind does not have: kubectl's {@code --validate} values. The
 * default, as kubectl's, is {@link #STRICT}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go">kubectl's
 *     GetValidationDirective: strict (true), warn, ignore (false)</a>
 */
public enum FieldValidation {
  /** Refuse the object, as the API server's strict decoding does. */
  STRICT,
  /** Apply the object and print a warning per unknown field. */
  WARN,
  /** Apply the object silently. */
  IGNORE;

  /** The value of {@code --validate}: strict, true, warn, ignore or false. */
  public static Optional<FieldValidation> tryParse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "strict", "true" -> Optional.of(STRICT);
      case "warn" -> Optional.of(WARN);
      case "ignore", "false" -> Optional.of(IGNORE);
      default -> Optional.empty();
    };
  }
}
