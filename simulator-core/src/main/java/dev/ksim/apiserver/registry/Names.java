package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Name and label checks of apimachinery's validation package, with its messages.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go">util/validation/validation.go</a>
 */
final class Names {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]+");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private Names() {}

  static Optional<FieldError> dns1123Label(String path, String value) {
    if (value.length() > 63) {
      return Optional.of(FieldError.invalid(path, value, "must be no more than 63 characters"));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      return Optional.of(
          FieldError.invalid(
              path,
              value,
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                  + " or '123-abc', regex used for validation is"
                  + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    }
    return Optional.empty();
  }

  static Optional<FieldError> dns1035Label(String path, String value) {
    if (value.length() > 63) {
      return Optional.of(FieldError.invalid(path, value, "must be no more than 63 characters"));
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      return Optional.of(
          FieldError.invalid(
              path,
              value,
              "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
                  + " with an alphabetic character, and end with an alphanumeric character (e.g."
                  + " 'my-name',  or 'abc-123', regex used for validation is"
                  + " '[a-z]([-a-z0-9]*[a-z0-9])?')"));
    }
    return Optional.empty();
  }

  static Optional<FieldError> dns1123Subdomain(String path, String value) {
    if (value.length() > 253) {
      return Optional.of(FieldError.invalid(path, value, "must be no more than 253 characters"));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      return Optional.of(
          FieldError.invalid(
              path,
              value,
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character (e.g."
                  + " 'example.com', regex used for validation is"
                  + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }
    return Optional.empty();
  }

  /** A port name: an IANA service name of at most 15 characters with a letter in it. */
  static Optional<FieldError> ianaServiceName(String path, String value) {
    if (value.length() > 15) {
      return Optional.of(FieldError.invalid(path, value, "must be no more than 15 characters"));
    }
    if (!IANA_SVC_NAME.matcher(value).matches()) {
      return Optional.of(
          FieldError.invalid(
              path,
              value,
              "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
    }
    if (value.contains("--")) {
      return Optional.of(FieldError.invalid(path, value, "must not contain consecutive hyphens"));
    }
    if (value.chars().noneMatch(Character::isLetter)) {
      return Optional.of(FieldError.invalid(path, value, "must contain at least one letter (a-z)"));
    }
    if (value.startsWith("-") || value.endsWith("-")) {
      return Optional.of(FieldError.invalid(path, value, "must not begin or end with a hyphen"));
    }
    return Optional.empty();
  }

  /** Label keys and values, as ValidateLabels does. */
  static void labels(String path, Map<String, String> labels, List<FieldError> errors) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String key = label.getKey();
      String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
      if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
        errors.add(
            FieldError.invalid(
                path,
                key,
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
                    + " start and end with an alphanumeric character (e.g. 'MyName',  or"
                    + " 'my.name',  or '123-abc', regex used for validation is"
                    + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
      }
      String value = label.getValue() == null ? "" : label.getValue();
      if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
        errors.add(
            FieldError.invalid(
                path + "[" + key + "]",
                value,
                "a valid label must be an empty string or consist of alphanumeric characters,"
                    + " '-', '_' or '.', and must start and end with an alphanumeric character"
                    + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                    + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
      }
    }
  }

  static Optional<FieldError> portNumber(String path, int port) {
    if (port < 1 || port > 65535) {
      return Optional.of(FieldError.invalid(path, port, "must be between 1 and 65535, inclusive"));
    }
    return Optional.empty();
  }
}
