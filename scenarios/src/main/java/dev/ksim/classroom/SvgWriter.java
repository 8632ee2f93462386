package dev.ksim.classroom;

import java.util.Locale;

/**
 * Writes SVG markup: elements with their attributes escaped as XML requires, numbers without a
 * locale's separators, one element per line so that the same drawing is the same text.
 */
final class SvgWriter {
  private final StringBuilder out = new StringBuilder();

  /** Opens {@code tag} with {@code attributes} given as name, value, name, value... */
  SvgWriter open(String tag, Object... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append(">\n");
    return this;
  }

  /** Closes {@code tag}. */
  SvgWriter close(String tag) {
    out.append("</").append(tag).append(">\n");
    return this;
  }

  /** An element without content. */
  SvgWriter empty(String tag, Object... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append("/>\n");
    return this;
  }

  /** An element holding {@code text} (escaped). */
  SvgWriter text(String tag, String text, Object... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
    return this;
  }

  /** Raw markup written as it is (a style sheet, the XML declaration). */
  SvgWriter raw(String markup) {
    out.append(markup);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void attributes(Object... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come as name, value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(escape(value(attributes[i + 1])))
          .append('"');
    }
  }

  private static String value(Object value) {
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.valueOf(value);
  }

  /** {@code text} with XML's five special characters escaped. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
