package dev.ksim.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.input.SourceLocation;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits YAML text into documents and converts each to a JSON tree, keeping the line of every field
 * (SnakeYAML's node marks). Scalars are typed as YAML 1.1 resolves them, as sigs.k8s.io/yaml (which
 * kubectl uses) does.
 */
public final class YamlReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlReader() {}

  /**
   * The non-empty documents of {@code text}.
   *
   * @throws ManifestException when the YAML is malformed, with the line of the problem
   */
  public static List<YamlDocument> read(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(options);
    List<YamlDocument> documents = new ArrayList<>();
    try (Reader reader = new StringReader(text)) {
      for (Node node : yaml.composeAll(reader)) {
        if (node == null) {
          continue;
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree = convert(node, "", lines);
        if (tree.isNull() || (tree.isObject() && tree.isEmpty())) {
          continue;
        }
        documents.add(new YamlDocument(file, node.getStartMark().getLine() + 1, tree, lines));
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ManifestException(
          new SourceLocation(file, line, null),
          "error converting YAML to JSON: yaml: line " + line + ": " + e.getProblem());
    } catch (YAMLException | java.io.IOException e) {
      throw new ManifestException(
          new SourceLocation(file, 0, null), "error converting YAML to JSON: " + e.getMessage());
    }
    return documents;
  }

  private static JsonNode convert(Node node, String path, Map<String, Integer> lines) {
    lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = scalarText(tuple.getKeyNode());
        String child = path.isEmpty() ? key : path + "." + key;
        lines.put(child, tuple.getKeyNode().getStartMark().getLine() + 1);
        object.set(key, convert(tuple.getValueNode(), child, lines));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), path + "[" + i + "]", lines));
      }
      return array;
    }
    return scalar((ScalarNode) node);
  }

  private static String scalarText(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : node.toString();
  }

  private static JsonNode scalar(ScalarNode node) {
    String value = node.getValue();
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      String lower = value.toLowerCase(java.util.Locale.ROOT);
      return NODES.booleanNode(List.of("true", "yes", "on", "y").contains(lower));
    }
    if (Tag.INT.equals(tag)) {
      try {
        BigInteger number = parseInt(value.replace("_", ""));
        if (number.bitLength() < 32) {
          return NODES.numberNode(number.intValue());
        }
        return number.bitLength() < 64
            ? NODES.numberNode(number.longValue())
            : NODES.numberNode(number);
      } catch (NumberFormatException e) {
        return NODES.textNode(value);
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
      } catch (NumberFormatException e) {
        return NODES.textNode(value);
      }
    }
    return NODES.textNode(value);
  }

  private static BigInteger parseInt(String text) {
    String sign = text.startsWith("-") ? "-" : "";
    String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    if (digits.startsWith("0x")) {
      return new BigInteger(sign + digits.substring(2), 16);
    }
    if (digits.startsWith("0o")) {
      return new BigInteger(sign + digits.substring(2), 8);
    }
    if (digits.length() > 1 && digits.startsWith("0")) {
      return new BigInteger(sign + digits.substring(1), 8);
    }
    return new BigInteger(sign + digits);
  }
}
