package dev.ksim.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Parses the path inside one jsonpath action: {@code $}, {@code .key} (with {@code \.} for a dot in
 * the key), {@code .*}, {@code [N]}, {@code [a:b:step]}, {@code [*]} and {@code [?(…)]}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/client-go/blob/master/util/jsonpath/parser.go">client-go
 *     util/jsonpath/parser.go</a>
 */
final class PathParser {
  private final String path;
  private final String template;
  private int pos;

  private PathParser(String path, String template) {
    this.path = path;
    this.template = template;
  }

  static List<JsonPath.Step> steps(String path, String template) {
    return new PathParser(path, template).parse();
  }

  private List<JsonPath.Step> parse() {
    List<JsonPath.Step> steps = new ArrayList<>();
    if (path.startsWith("$") || path.startsWith("@")) {
      pos = 1;
    } else if (!path.isEmpty() && path.charAt(0) != '.' && path.charAt(0) != '[') {
      throw error("unrecognized identifier " + path);
    }
    while (pos < path.length()) {
      char c = path.charAt(pos);
      if (c == '.') {
        pos++;
        if (pos < path.length() && path.charAt(pos) == '.') {
          throw error("ksim does not model recursive descent (..)");
        }
        steps.add(field());
      } else if (c == '[') {
        steps.add(bracket());
      } else {
        throw error("unrecognized character in action: " + c);
      }
    }
    return List.copyOf(steps);
  }

  private JsonPath.Step field() {
    if (pos < path.length() && path.charAt(pos) == '*') {
      pos++;
      return new JsonPath.Wildcard();
    }
    StringBuilder name = new StringBuilder();
    while (pos < path.length()) {
      char c = path.charAt(pos);
      if (c == '\\' && pos + 1 < path.length()) {
        name.append(path.charAt(pos + 1));
        pos += 2;
      } else if (c == '.' || c == '[') {
        break;
      } else {
        name.append(c);
        pos++;
      }
    }
    return new JsonPath.Field(name.toString());
  }

  private JsonPath.Step bracket() {
    int close = closingBracket();
    String inside = path.substring(pos + 1, close).strip();
    pos = close + 1;
    if (inside.equals("*")) {
      return new JsonPath.Wildcard();
    }
    if (inside.startsWith("?(") && inside.endsWith(")")) {
      return filter(inside.substring(2, inside.length() - 1).strip());
    }
    String[] parts = inside.split(":", -1);
    if (parts.length > 3) {
      throw error("invalid array index " + inside);
    }
    Integer start = bound(parts[0]);
    if (parts.length == 1) {
      if (start == null) {
        throw error("invalid array index " + inside);
      }
      return new JsonPath.Slice(start, null, true, 1);
    }
    Integer step = parts.length == 3 ? bound(parts[2]) : null;
    if (step != null && step <= 0) {
      throw error("step must be > 0");
    }
    return new JsonPath.Slice(start, bound(parts[1]), false, step == null ? 1 : step);
  }

  private @Nullable Integer bound(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(t);
    } catch (NumberFormatException e) {
      throw error("invalid array index " + t);
    }
  }

  private int closingBracket() {
    char quote = 0;
    int depth = 0;
    for (int i = pos; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    throw error("unterminated array");
  }

  private JsonPath.Step filter(String condition) {
    for (String operator : List.of("==", "!=", "<=", ">=", "=~", "<", ">")) {
      int at = indexOutsideQuotes(condition, operator);
      if (at >= 0) {
        return new JsonPath.Filter(
            steps(condition.substring(0, at).strip(), template),
            operator,
            literal(condition.substring(at + operator.length()).strip()));
      }
    }
    return new JsonPath.Filter(steps(condition, template), "exists", null);
  }

  private static int indexOutsideQuotes(String text, String operator) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (text.startsWith(operator, i)) {
        return i;
      }
    }
    return -1;
  }

  private JsonNode literal(String text) {
    boolean doubleQuoted = text.startsWith("\"") && text.endsWith("\"");
    boolean singleQuoted = text.startsWith("'") && text.endsWith("'");
    if (text.length() >= 2 && (doubleQuoted || singleQuoted)) {
      return TextNode.valueOf(text.substring(1, text.length() - 1));
    }
    try {
      return IntNode.valueOf(Integer.parseInt(text));
    } catch (NumberFormatException notInt) {
      try {
        return DoubleNode.valueOf(Double.parseDouble(text));
      } catch (NumberFormatException notNumber) {
        throw error("unrecognized filter value " + text);
      }
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("error parsing jsonpath " + template + ", " + message);
  }
}
