package dev.ksim.apiserver;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The API server refused a request, worded as kube-apiserver words its Status messages, e.g. {@code
 * The Service "x" is invalid: spec.ports[0].port: Required value}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The Status reason, as in metav1.StatusReason. */
  public enum Reason {
    INVALID,
    ALREADY_EXISTS,
    NOT_FOUND,
    FORBIDDEN,
    CONFLICT
  }

  private final Reason reason;
  private final ImmutableList<FieldError> fieldErrors;

  private ApiException(Reason reason, String message, List<FieldError> fieldErrors) {
    super(message);
    this.reason = reason;
    this.fieldErrors = ImmutableList.copyOf(fieldErrors);
  }

  /** {@code The Kind "name" is invalid: ...}, one error plain, several in brackets. */
  public static ApiException invalid(String kind, String name, List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).toString()
            : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    return new ApiException(
            Reason.INVALID, String.format("%s \"%s\" is invalid: %s", kind, name, detail), errors)
        .withPrefix();
  }

  private ApiException withPrefix() {
    return new ApiException(reason, "The " + getMessage(), fieldErrors);
  }

  public static ApiException alreadyExists(ResourceType<?> type, String name) {
    return new ApiException(
        Reason.ALREADY_EXISTS,
        String.format("%s \"%s\" already exists", type.plural(), name),
        List.of());
  }

  public static ApiException notFound(ResourceType<?> type, String name) {
    return new ApiException(
        Reason.NOT_FOUND, String.format("%s \"%s\" not found", type.plural(), name), List.of());
  }

  public static ApiException forbidden(String message) {
    return new ApiException(Reason.FORBIDDEN, message, List.of());
  }

  public Reason reason() {
    return reason;
  }

  public ImmutableList<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /** The path of the first field at fault, to point at a manifest line. */
  public Optional<String> firstFieldPath() {
    return fieldErrors.stream().map(FieldError::path).findFirst();
  }
}
