package dev.ksim.netfilter.match;

/** Interface name patterns of {@code -i}/{@code -o}: a trailing {@code +} matches any suffix. */
final class InterfaceNames {
  private InterfaceNames() {}

  static boolean matches(String pattern, String actual) {
    if (pattern.endsWith("+")) {
      return actual.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(actual);
  }
}
