package dev.ksim.dns.corefile;

/**
 * The wording of CoreDNS's start-up errors: {@code plugin.Error} puts {@code plugin/NAME: } before
 * a plugin's complaint, and Caddy's {@code ArgErr} names the token it stopped after.
 */
final class Plugins {
  private Plugins() {}

  static String error(String plugin, String message) {
    return "plugin/" + plugin + ": " + message;
  }

  static String argumentError(String plugin) {
    return argumentError(plugin, plugin);
  }

  /** Caddy's {@code ArgErr} for {@code token} inside {@code plugin}'s directive. */
  static String argumentError(String plugin, String token) {
    return error(plugin, "Wrong argument count or unexpected line ending after '" + token + "'");
  }

  static String unknownProperty(String plugin, String property) {
    return error(plugin, "unknown property '" + property + "'");
  }

  static String once(String plugin) {
    return error(plugin, "this plugin can only be used once per Server Block");
  }

  /** An integer as Go's strconv.Atoi reads it on a 64-bit machine, or its error. */
  static long atoi(String plugin, String text, int line) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      boolean syntax = !text.matches("[+-]?[0-9]+");
      throw new CorefileException(
          line,
          error(
              plugin,
              "strconv.Atoi: parsing \""
                  + text
                  + "\": "
                  + (syntax ? "invalid syntax" : "value out of range")));
    }
  }
}
