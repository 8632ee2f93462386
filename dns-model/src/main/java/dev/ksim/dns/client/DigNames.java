package dev.ksim.dns.client;

import java.util.Optional;

/**
 * The check dig makes of a query name before it sends anything (BIND 9.18 {@code
 * dns_name_fromtext}): escapes {@code \DDD} and {@code \X}, no empty label inside the name, labels
 * of at most 63 octets, at most 255 octets on the wire. dig prints {@code dig: 'NAME' is not a
 * legal name (REASON)} and exits with status 10; the reasons are dig 9.18.49's words, checked on
 * this project's machine.
 */
final class DigNames {
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 255;

  private DigNames() {}

  /** Refuses {@code name} as dig does. */
  static void check(String name) {
    problem(name)
        .ifPresent(
            reason -> {
              throw new ClientException(
                  "dig: '" + name + "' is not a legal name (" + reason + ")",
                  ClientException.DIG_FATAL);
            });
  }

  private static Optional<String> problem(String name) {
    if (name.equals(".")) {
      return Optional.empty();
    }
    int wire = 1;
    int label = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return Optional.of("empty label");
        }
        wire += label + 1;
        label = 0;
        continue;
      }
      if (c == '\\') {
        int digits = 0;
        while (digits < 3
            && i + 1 + digits < name.length()
            && Character.isDigit(name.charAt(i + 1 + digits))) {
          digits++;
        }
        if (digits == 0 && i + 1 >= name.length()) {
          return Optional.of("unexpected end of input");
        }
        if (digits > 0 && (digits < 3 || Integer.parseInt(name.substring(i + 1, i + 4)) > 255)) {
          return Optional.of("bad escape");
        }
        i += digits == 0 ? 1 : 3;
      }
      label++;
      if (label > MAX_LABEL) {
        return Optional.of("label too long");
      }
    }
    wire += label == 0 ? 0 : label + 1;
    return wire > MAX_NAME ? Optional.of("ran out of space") : Optional.empty();
  }
}
