package dev.ksim.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kubectl's {@code -o custom-columns=HEADER:PATH,...}: one row per object, headers as given, cells
 * the path's values joined by commas ({@code <none>} when there are none), aligned as kubectl's
 * tables.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/get/customcolumn.go">kubectl
 *     get/customcolumn.go</a>
 */
public final class CustomColumns {
  /** One column: its header and its path. */
  record Column(String header, JsonPath path) {}

  private final List<Column> columns;

  private CustomColumns(List<Column> columns) {
    this.columns = columns;
  }

  /** Parses the spec after {@code custom-columns=}; throws with kubectl's wording. */
  public static CustomColumns parse(String spec) {
    if (spec.isEmpty()) {
      throw new IllegalArgumentException(
          "custom-columns format specified but no custom columns given");
    }
    List<Column> columns = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      String[] pieces = part.split(":", -1);
      if (pieces.length != 2) {
        throw new IllegalArgumentException(
            "unexpected custom-columns spec: " + part + ", expected <header>:<json-path-expr>");
      }
      columns.add(new Column(pieces[0], JsonPath.parse(relaxed(pieces[1]))));
    }
    return new CustomColumns(List.copyOf(columns));
  }

  /** kubectl's relaxed path: {@code metadata.name}, {@code .metadata.name} or in braces. */
  private static String relaxed(String path) {
    String inner = path.strip();
    if (inner.startsWith("{") && inner.endsWith("}")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    if (!inner.startsWith(".")) {
      inner = "." + inner;
    }
    return "{" + inner + "}";
  }

  /** The table for {@code objects}, with the header row unless {@code noHeaders}. */
  public String render(List<JsonNode> objects, boolean noHeaders) {
    TabWriter table = TabWriter.forTables();
    if (!noHeaders) {
      table.row(columns.stream().map(Column::header).toList());
    }
    for (JsonNode object : objects) {
      List<String> row = new ArrayList<>();
      for (Column column : columns) {
        List<JsonNode> values = column.path().results(object);
        row.add(
            values.isEmpty()
                ? "<none>"
                : String.join(",", values.stream().map(CustomColumns::goText).toList()));
      }
      table.row(row);
    }
    return table.render();
  }

  /** A value as Go's fmt.Sprint prints a decoded JSON value: maps as {@code map[k:v]}. */
  static String goText(JsonNode value) {
    if (value.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      value.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      List<String> entries = new ArrayList<>();
      sorted.forEach((k, v) -> entries.add(k + ":" + goText(v)));
      return "map[" + String.join(" ", entries) + "]";
    }
    if (value.isArray()) {
      List<String> elements = new ArrayList<>();
      value.forEach(v -> elements.add(goText(v)));
      return "[" + String.join(" ", elements) + "]";
    }
    if (value.isNull()) {
      return "<nil>";
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}
