package dev.ksim.netfilter.match;

/**
 * How iptables-save prints a string option: bare when it is only letters, digits, {@code _} and
 * {@code -}, otherwise double-quoted with {@code " \ '} escaped by a backslash.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/libxtables/xtables.c">xtables.c
 *     xtables_save_string</a>
 */
public final class SaveStrings {
  private SaveStrings() {}

  public static String quote(String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = (Character.isLetterOrDigit(c) && c < 128) || c == '_' || c == '-';
    }
    if (plain) {
      return value;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == '\'') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
