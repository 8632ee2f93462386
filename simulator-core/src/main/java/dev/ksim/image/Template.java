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

  /** {@code text} with every placeholder replaced by {@code values}' answer for its name. */
  static String render(String text, Function<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
