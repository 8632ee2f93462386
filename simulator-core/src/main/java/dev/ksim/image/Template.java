package dev.ksim.image;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text of the catalogue with {@code {{name}}} placeholders filled in per request: {@code
 * hostname}, {@code podIP}, {@code clientIP}, {@code clientPort}, {@code serverIP}, {@code
 * serverPort}, {@code method}, {@code uri}, {@code path}, {@code host}, {@code date}, {@code tag},
 * {@code length} (of the body, for headers), {@code rest} (the path after a {@code /prefix/*}
 * route), {@code headers} (the request's, one {@code Name: value} a line), {@code header.NAME},
 * {@code query.NAME} and {@code arg.FLAG} (the value the container's arguments give {@code FLAG}).
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9.-]*)}}");
  private static final List<String> NAMES =
      List.of(
          "hostname",
          "podIP",
          "clientIP",
          "clientPort",
          "serverIP",
          "serverPort",
          "method",
          "uri",
          "path",
          "host",
          "date",
          "tag",
          "length",
          "rest",
          "headers");
  private static final List<String> PREFIXES = List.of("header.", "query.", "arg.");

  private Template() {}

  /** The first placeholder of {@code text} that names no value, if any. */
  static Optional<String> unknownPlaceholder(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      boolean known =
          NAMES.contains(name)
              || PREFIXES.stream().anyMatch(p -> name.startsWith(p) && name.length() > p.length());
      if (!known) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code text} with every placeholder replaced by {@code values}' answer for its name: the same
   * placeholders {@link #PLACEHOLDER} finds, scanned for by hand (an answer is rendered for every
   * request of a run).
   */
  static String render(String text, Function<String, String> values) {
    int open = text.indexOf("{{");
    if (open < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    int copied = 0;
    while (open >= 0) {
      int end = nameEnd(text, open + 2);
      if (end > open + 2 && text.startsWith("}}", end)) {
        out.append(text, copied, open).append(values.apply(text.substring(open + 2, end)));
        copied = end + 2;
        open = text.indexOf("{{", copied);
      } else {
        open = text.indexOf("{{", open + 1);
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Where the placeholder name starting at {@code from} ends: {@code from} itself when no name
   * starts there (a letter, then letters, digits, dots and dashes).
   */
  private static int nameEnd(String text, int from) {
    if (from >= text.length() || !isAsciiLetter(text.charAt(from))) {
      return from;
    }
    int i = from + 1;
    while (i < text.length() && isNameChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isNameChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }
}
