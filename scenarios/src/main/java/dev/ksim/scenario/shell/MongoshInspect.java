package dev.ksim.scenario.shell;

import dev.ksim.image.data.MongoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How mongosh prints a value: Node's util.inspect with mongosh's settings (inspectCompact 3,
 * breakLength 80): an object or array on one line ({@code { ok: 1 }}) when it holds at most three
 * levels and its entries fit in 80 columns with its indentation, otherwise one entry per line
 * indented by two spaces; strings in single quotes (double when they hold a single quote), keys
 * bare when they are identifiers, ObjectIds as {@code ObjectId('...')}. A string as the whole
 * result prints bare.
 *
 * @see <a
 *     href="https://github.com/nodejs/node/blob/v20.18.0/lib/internal/util/inspect.js">inspect.js
 *     (reduceToSingleString, isBelowBreakLength)</a>
 */
final class MongoshInspect {
  private static final int BREAK_LENGTH = 80;
  private static final int COMPACT = 3;

  private MongoshInspect() {}

  /** The result as mongosh prints it, with its line end; nothing for no value. */
  static String print(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s + "\n";
    }
    return format(value, 0).text() + "\n";
  }

  /** A formatted value and how many levels of objects it holds below itself. */
  private record Formatted(String text, int depth) {}

  @SuppressWarnings("unchecked")
  private static Formatted format(Object value, int indentation) {
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      int depth = 0;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        Formatted inner = format(e.getValue(), indentation + 2);
        depth = Math.max(depth, inner.depth() + (isContainer(e.getValue()) ? 1 : 0));
        entries.add(key(e.getKey()) + ": " + inner.text());
      }
      return new Formatted(reduce(entries, indentation, "{", "}", depth), depth);
    }
    if (value instanceof List<?> list) {
      List<String> entries = new ArrayList<>();
      int depth = 0;
      for (Object element : list) {
        Formatted inner = format(element, indentation + 2);
        depth = Math.max(depth, inner.depth() + (isContainer(element) ? 1 : 0));
        entries.add(inner.text());
      }
      return new Formatted(reduce(entries, indentation, "[", "]", depth), depth);
    }
    return new Formatted(scalar(value), 0);
  }

  private static boolean isContainer(Object value) {
    return value instanceof Map<?, ?> || value instanceof List<?>;
  }

  /** reduceToSingleString with a numeric compact setting. */
  private static String reduce(
      List<String> entries, int indentation, String open, String close, int depth) {
    if (entries.isEmpty()) {
      return open + close;
    }
    if (depth < COMPACT) {
      int start = entries.size() + indentation + open.length() + 10;
      int total = entries.size() + start;
      for (String entry : entries) {
        total += entry.length();
      }
      String joined = String.join(", ", entries);
      if (total <= BREAK_LENGTH && !joined.contains("\n")) {
        return open + " " + joined + " " + close;
      }
    }
    String newline = "\n" + " ".repeat(indentation);
    return open + newline + "  " + String.join("," + newline + "  ", entries) + newline + close;
  }

  private static String scalar(Object value) {
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return d == Math.rint(d) && !d.isInfinite() ? Long.toString(d.longValue()) : d.toString();
    }
    if (value instanceof MongoServer.ObjectId id) {
      return "ObjectId('" + id.hex() + "')";
    }
    if (value instanceof MongoServer.BsonNull) {
      return "null";
    }
    return String.valueOf(value);
  }

  private static String key(String key) {
    return key.matches("[A-Za-z_$][\\w$]*") ? key : quote(key);
  }

  /** strEscape: single quotes unless the text holds one and no double quote. */
  private static String quote(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (int at = 0; at < text.length(); at++) {
      char c = text.charAt(at);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(quote).toString();
  }
}
