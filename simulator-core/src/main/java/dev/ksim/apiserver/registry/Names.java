package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.FieldError;
import dev.ksim.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Name and label checks of apimachinery's validation package, with its messages.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go">util/validation/validation.go</a>
 */
final class Names {
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]+");

  private Names() {}

  static Optional<FieldError> dns1123Label(String path, String value) {
    if (value.length() > 63) {
      return Optional.of(FieldError.invalid(path, value, "must be no more than 63 characters"));
    }
    if (!isDns1123Label(value, 0, value.length())) {
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
    if (!isDns1123Subdomain(value)) {
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
      if (key.contains("/")) {
        String prefix = key.substring(0, key.indexOf('/'));
        if (prefix.isEmpty()) {
          errors.add(FieldError.invalid(path, key, "prefix part must be non-empty"));
        } else if (prefix.length() > 253) {
          errors.add(
              FieldError.invalid(path, key, "prefix part must be no more than 253 characters"));
        } else if (!isDns1123Subdomain(prefix)) {
          errors.add(
              FieldError.invalid(
                  path,
                  key,
                  "prefix part a lowercase RFC 1123 subdomain must consist of lower case"
                      + " alphanumeric characters, '-' or '.', and must start and end with an"
                      + " alphanumeric character (e.g. 'example.com', regex used for validation"
                      + " is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
      }
      if (name.isEmpty() || name.length() > 63 || !isQualifiedName(name)) {
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
      if (value.length() > 63 || !(value.isEmpty() || isQualifiedName(value))) {
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

  /*
   * The syntax checks below are the regular expressions the messages quote, written out as scans:
   * every write validates its object's name and labels, and matching them as patterns was a few
   * percent of settling 100,000 pods.
   */

  /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} over {@code value[from, to)}. */
  private static boolean isDns1123Label(String value, int from, int to) {
    if (from >= to || !isLowerAlphanumeric(value.charAt(from))) {
      return false;
    }
    if (!isLowerAlphanumeric(value.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = value.charAt(i);
      if (!isLowerAlphanumeric(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** DNS-1123 labels joined by single dots. */
  private static boolean isDns1123Subdomain(String value) {
    int from = 0;
    while (true) {
      int dot = value.indexOf('.', from);
      int to = dot < 0 ? value.length() : dot;
      if (!isDns1123Label(value, from, to)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      from = dot + 1;
    }
  }

  /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
  private static boolean isQualifiedName(String value) {
    int length = value.length();
    if (length == 0
        || !isAlphanumeric(value.charAt(0))
        || !isAlphanumeric(value.charAt(length - 1))) {
      return false;
    }
    for (int i = 1; i < length - 1; i++) {
      char c = value.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAlphanumeric(char c) {
    return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
  }

  /** The most bytes all of an object's annotations may take together (keys and values). */
  static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

  /**
   * Annotations' total size, as ValidateAnnotations (apimachinery/pkg/api/validation/objectmeta.go)
   * limits it.
   */
  static void annotations(
      String path, @Nullable Map<String, String> annotations, List<FieldError> errors) {
    if (annotations == null) {
      return;
    }
    long total = 0;
    for (Map.Entry<String, String> annotation : annotations.entrySet()) {
      total += utf8Length(annotation.getKey());
      total += annotation.getValue() == null ? 0 : utf8Length(annotation.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
      errors.add(
          new FieldError(
              path,
              "Too long: may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT_BYTES + " bytes"));
    }
  }

  static long utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /**
   * A CIDR, as IsValidCIDR (apimachinery/pkg/util/validation/ip.go) checks it with Go's ParseCIDR:
   * an address, a slash and a prefix length within the address's family (host bits may be set).
   */
  static Optional<FieldError> cidr(String path, String value) {
    int slash = value.indexOf('/');
    String length = slash < 0 ? "" : value.substring(slash + 1);
    boolean valid =
        slash > 0
            && !length.isEmpty()
            && length.length() <= 3
            && length.chars().allMatch(c -> c >= '0' && c <= '9')
            && IpAddress.tryParse(value.substring(0, slash))
                .map(address -> Integer.parseInt(length) <= address.family().bits())
                .orElse(false);
    if (valid) {
      return Optional.empty();
    }
    return Optional.of(
        FieldError.invalid(
            path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  }

  /** An IP address, as IsValidIP (apimachinery/pkg/util/validation/ip.go) checks it. */
  static Optional<FieldError> ip(String path, String value) {
    if (IpAddress.tryParse(value).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        FieldError.invalid(
            path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  }

  static Optional<FieldError> portNumber(String path, int port) {
    if (port < 1 || port > 65535) {
      return Optional.of(FieldError.invalid(path, port, "must be between 1 and 65535, inclusive"));
    }
    return Optional.empty();
  }
}
