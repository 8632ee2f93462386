package dev.ksim.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A kubectl {@code -o jsonpath=TEMPLATE} template: literal text, {@code {"\n"}} literals, path
 * actions such as {@code {.items[*].metadata.name}}, {@code [N]}, {@code [*]}, {@code [a:b]},
 * {@code [?(@.type=="InternalIP")]} filters, {@code \.} in a key, and {@code {range …}…{end}}.
 * Missing keys print nothing, as kubectl's printer allows them; several results of one action are
 * separated by a space; objects and lists print as compact JSON with sorted keys.
 *
 * @see <a
 *     href="https://github.com/kubernetes/client-go/blob/master/util/jsonpath/jsonpath.go">client-go
 *     util/jsonpath</a>
 */
public final class JsonPath {
  private static final ObjectMapper COMPACT =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final String template;
  private final List<Segment> segments;

  private JsonPath(String template, List<Segment> segments) {
    this.template = template;
    this.segments = segments;
  }

  /** Parses a template; throws IllegalArgumentException with kubectl's wording. */
  public static JsonPath parse(String template) {
    return new JsonPath(template, new TemplateParser(template).parse());
  }

  /** The text the template prints for {@code data} (no newline added). */
  public String execute(JsonNode data) {
    StringBuilder out = new StringBuilder();
    try {
      for (Segment segment : segments) {
        segment.write(data, out);
      }
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "error executing jsonpath \""
              + template
              + "\": Error executing template: "
              + e.getMessage()
              + ". Printing more information for debugging the template:\n\ttemplate was:\n\t\t"
              + template,
          e);
    }
    return out.toString();
  }

  /** The values the path of a one-action template selects (custom-columns' cells). */
  public List<JsonNode> results(JsonNode data) {
    List<JsonNode> all = new ArrayList<>();
    for (Segment segment : segments) {
      all.addAll(segment.results(data));
    }
    return all;
  }

  /** A value as jsonpath prints it: strings bare, objects and lists as compact JSON. */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isContainerNode()) {
      try {
        // encoding/json escapes HTML's special characters; they only occur inside strings
        return COMPACT
            .writeValueAsString(COMPACT.treeToValue(value, Object.class))
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026");
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return value.toString();
  }

  /** One part of a template. */
  sealed interface Segment permits Literal, Action, Range {
    void write(JsonNode data, StringBuilder out);

    List<JsonNode> results(JsonNode data);
  }

  /** Literal text, outside braces or a quoted string inside them. */
  record Literal(String text) implements Segment {
    @Override
    public void write(JsonNode data, StringBuilder out) {
      out.append(text);
    }

    @Override
    public List<JsonNode> results(JsonNode data) {
      return List.of(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
    }
  }

  /** A path in braces: its results, space-separated. */
  record Action(List<Step> steps) implements Segment {
    @Override
    public void write(JsonNode data, StringBuilder out) {
      List<JsonNode> values = results(data);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        out.append(text(values.get(i)));
      }
    }

    @Override
    public List<JsonNode> results(JsonNode data) {
      return select(steps, List.of(data));
    }
  }

  /** {@code {range PATH}BODY{end}}: the body once per result of the path. */
  record Range(List<Step> steps, List<Segment> body) implements Segment {
    @Override
    public void write(JsonNode data, StringBuilder out) {
      for (JsonNode value : select(steps, List.of(data))) {
        for (Segment segment : body) {
          segment.write(value, out);
        }
      }
    }

    @Override
    public List<JsonNode> results(JsonNode data) {
      List<JsonNode> all = new ArrayList<>();
      for (JsonNode value : select(steps, List.of(data))) {
        for (Segment segment : body) {
          all.addAll(segment.results(value));
        }
      }
      return all;
    }
  }

  static List<JsonNode> select(List<Step> steps, List<JsonNode> start) {
    List<JsonNode> current = start;
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode value : current) {
        if (!value.isNull() && !value.isMissingNode()) {
          step.apply(value, next);
        }
      }
      current = next;
    }
    return current;
  }

  /** One step of a path. */
  sealed interface Step permits Field, Slice, Wildcard, Filter {
    void apply(JsonNode value, List<JsonNode> into);
  }

  /** {@code .name}: a key of an object; absent keys give nothing. */
  record Field(String name) implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> into) {
      JsonNode child = value.get(name);
      if (value.isObject() && child != null) {
        into.add(child);
      }
    }
  }

  /** {@code [*]} or {@code .*}: every element or value. */
  record Wildcard() implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> into) {
      value.elements().forEachRemaining(into::add);
    }
  }

  /**
   * {@code [N]}, {@code [a:b]} or {@code [a:b:step]} of a list; null bounds are open. An index
   * outside the list is an error, as in client-go.
   */
  record Slice(
      @org.jspecify.annotations.Nullable Integer start,
      @org.jspecify.annotations.Nullable Integer end,
      boolean single,
      int step)
      implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> into) {
      if (!value.isArray()) {
        throw new IllegalStateException(kind(value) + " is not array or slice");
      }
      int length = value.size();
      int from = start == null ? 0 : start < 0 ? start + length : start;
      int to = single ? from + 1 : end == null ? length : end < 0 ? end + length : end;
      if (from == to) {
        return;
      }
      if (from >= length || from < 0) {
        throw new IllegalStateException(
            "array index out of bounds: index " + from + ", length " + length);
      }
      if (to > length || to < 0) {
        throw new IllegalStateException(
            "array index out of bounds: index " + (to - 1) + ", length " + length);
      }
      if (from > to) {
        throw new IllegalStateException(
            "starting index " + from + " is greater than ending index " + to);
      }
      for (int i = from; i < to; i += step) {
        into.add(value.get(i));
      }
    }
  }

  /**
   * {@code [?(@.path OP literal)]} or {@code [?(@.path)]}: the elements of a list whose path
   * compares true (or exists); an element without the path is left out.
   */
  record Filter(List<Step> left, String operator, @org.jspecify.annotations.Nullable JsonNode right)
      implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> into) {
      if (!value.isArray()) {
        throw new IllegalStateException(
            kind(value) + " is not array or slice and cannot be filtered");
      }
      for (JsonNode element : value) {
        List<JsonNode> lefts = select(left, List.of(element));
        if (right == null) {
          if (!lefts.isEmpty()) {
            into.add(element);
          }
          continue;
        }
        if (lefts.isEmpty()) {
          continue;
        }
        if (lefts.size() > 1) {
          throw new IllegalStateException("can only compare one element at a time");
        }
        if (passes(lefts.get(0), right)) {
          into.add(element);
        }
      }
    }

    private boolean passes(JsonNode l, JsonNode r) {
      if (operator.equals("=~")) {
        return java.util.regex.Pattern.compile(r.asText()).matcher(l.asText()).find();
      }
      int compared;
      if (l.isNumber() && r.isNumber()) {
        compared = Double.compare(l.asDouble(), r.asDouble());
      } else if (l.isTextual() && r.isTextual()) {
        compared = l.asText().compareTo(r.asText());
      } else if (l.isBoolean()
          && r.isBoolean()
          && (operator.equals("==") || operator.equals("!="))) {
        compared = l.asBoolean() == r.asBoolean() ? 0 : 1;
      } else {
        throw new IllegalStateException("incompatible types for comparison");
      }
      return switch (operator) {
        case "==" -> compared == 0;
        case "!=" -> compared != 0;
        case "<" -> compared < 0;
        case "<=" -> compared <= 0;
        case ">" -> compared > 0;
        default -> compared >= 0;
      };
    }
  }

  private static String kind(JsonNode value) {
    return value.isObject()
        ? "map[string]interface {}"
        : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Splits a template into segments, nesting range blocks. */
  private static final class TemplateParser {
    private final String text;

    TemplateParser(String text) {
      this.text = text;
    }

    List<Segment> parse() {
      Deque<List<Segment>> blocks = new ArrayDeque<>();
      Deque<List<Step>> ranges = new ArrayDeque<>();
      List<Segment> current = new ArrayList<>();
      int i = 0;
      while (i < text.length()) {
        int open = text.indexOf('{', i);
        if (open < 0) {
          current.add(new Literal(text.substring(i)));
          break;
        }
        if (open > i) {
          current.add(new Literal(text.substring(i, open)));
        }
        int close = closing(open);
        String action = text.substring(open + 1, close).strip();
        i = close + 1;
        if (action.startsWith("range ")) {
          blocks.push(current);
          ranges.push(PathParser.steps(action.substring("range ".length()).strip(), text));
          current = new ArrayList<>();
        } else if (action.equals("end")) {
          if (blocks.isEmpty()) {
            throw new IllegalArgumentException(
                "error executing jsonpath \"" + text + "\": not in range, nothing to end");
          }
          Range range = new Range(ranges.pop(), List.copyOf(current));
          current = blocks.pop();
          current.add(range);
        } else if (action.startsWith("\"") || action.startsWith("'")) {
          current.add(new Literal(unquote(action)));
        } else {
          current.add(new Action(PathParser.steps(action, text)));
        }
      }
      // client-go runs a range without its end to the end of the template, printing nothing
      return blocks.isEmpty() ? List.copyOf(current) : List.copyOf(blocks.getLast());
    }

    private int closing(int open) {
      char quote = 0;
      for (int i = open + 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '}') {
          return i;
        }
      }
      throw new IllegalArgumentException("error parsing jsonpath " + text + ", unclosed action");
    }

    private String unquote(String quoted) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < quoted.length() - 1; i++) {
        char c = quoted.charAt(i);
        if (c == '\\' && i + 2 < quoted.length()) {
          char e = quoted.charAt(++i);
          out.append(
              switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> e;
              });
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
