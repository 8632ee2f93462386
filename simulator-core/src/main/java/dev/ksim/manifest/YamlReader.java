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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits YAML text into documents and converts each to a JSON tree, keeping the line of every field
 * (SnakeYAML's node marks). Scalars are typed as YAML 1.1 resolves them, as sigs.k8s.io/yaml (which
 * kubectl uses) does, and the document is checked as kubectl's decoder checks it: a duplicate key,
 * an anchor that contains itself and excessive aliasing are refused; merge keys ({@code <<: *x})
 * are applied.
 *
 * @see <a href="https://github.com/kubernetes-sigs/yaml/blob/v1.4.0/goyaml.v2/decode.go">goyaml.v2
 *     decode.go: allowedAliasRatio, "document contains excessive aliasing", "anchor ... value
 *     contains itself", merge</a>
 * @see <a href="https://github.com/go-yaml/yaml/blob/v3.0.1/decode.go">yaml.v3 decode.go: "mapping
 *     key %#v already defined at line %d", which kubectl's strict client-side decoding prints</a>
 */
public final class YamlReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Nodes one document may expand to, aliases included. A bound on memory: the largest object etcd
   * stores (1.5 MiB) has far fewer nodes.
   */
  static final int MAX_EXPANDED_NODES = 1_000_000;

  /** kube-apiserver's limit on a request body (3 MiB). */
  static final long MAX_REQUEST_BODY_BYTES = 3L * 1024 * 1024;

  /** etcd's default limit on one request (1.5 MiB), the largest object a cluster stores. */
  static final long MAX_OBJECT_CHARS = 3L * 512 * 1024;

  /** The nesting SnakeYAML allows, raised from its default of 50 to what real manifests use. */
  private static final int MAX_NESTING = 100;

  private YamlReader() {}

  /**
   * The non-empty documents of {@code text}.
   *
   * @throws ManifestException when the YAML is malformed, with the line of the problem
   */
  public static List<YamlDocument> read(String file, String text) {
    refuseOversizedDocuments(file, text);
    return CommonYaml.read(file, text).orElseGet(() -> compose(file, text));
  }

  /**
   * The documents of {@code text} read through SnakeYAML's node tree: every shape YAML allows, and
   * its errors.
   */
  static List<YamlDocument> compose(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(Math.max(text.length() + 1, 3 * 1024 * 1024));
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    Yaml yaml = new Yaml(options);
    List<YamlDocument> documents = new ArrayList<>();
    try (Reader reader = new StringReader(text)) {
      for (Node node : yaml.composeAll(reader)) {
        if (node == null) {
          continue;
        }
        FieldLines.Builder lines = new FieldLines.Builder();
        JsonNode tree = new Conversion(file, lines).convert(node, 0);
        if (tree.isNull() || (tree.isObject() && tree.isEmpty())) {
          continue;
        }
        documents.add(
            new YamlDocument(file, node.getStartMark().getLine() + 1, tree, lines.build()));
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

  /**
   * Refuses a document whose content (comments aside) is larger than the API server takes, before
   * SnakeYAML spends time on it: over 3 MiB kube-apiserver refuses the request body, over 1.5 MiB
   * etcd refuses the write.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/apiserver/pkg/server/config.go">MaxRequestBodyBytes
   *     = 3 MiB</a>
   * @see <a href="https://etcd.io/docs/v3.5/dev-guide/limit/">etcd's --max-request-bytes, 1.5 MiB
   *     by default</a>
   */
  private static void refuseOversizedDocuments(String file, String text) {
    long content = 0;
    int documentLine = 1;
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      lineNumber++;
      if (text.startsWith("---", start)) {
        refuseOversized(file, documentLine, content);
        content = 0;
        documentLine = lineNumber;
      } else if (!isCommentOrBlank(text, start, end)) {
        content += end - start + 1;
        if (content > MAX_REQUEST_BODY_BYTES) {
          break;
        }
      }
      start = end + 1;
    }
    refuseOversized(file, documentLine, content);
  }

  private static void refuseOversized(String file, int documentLine, long content) {
    if (content > MAX_OBJECT_CHARS) {
      throw new ManifestException(
          new SourceLocation(file, documentLine, null),
          content > MAX_REQUEST_BODY_BYTES
              ? "Request entity too large: limit is " + MAX_REQUEST_BODY_BYTES
              : "etcdserver: request is too large");
    }
  }

  private static boolean isCommentOrBlank(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '#') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  /** One document's conversion: the expansion budget and the anchors being expanded. */
  private static final class Conversion {
    private final String file;
    private final FieldLines.Builder lines;
    private final IdentityHashMap<Node, Boolean> expanding = new IdentityHashMap<>();
    private final IdentityHashMap<Node, Integer> seen = new IdentityHashMap<>();
    private long decodeCount;
    private long aliasCount;
    private int aliasDepth;

    Conversion(String file, FieldLines.Builder lines) {
      this.file = file;
      this.lines = lines;
    }

    /** {@code node} as JSON, at {@code path} (one of {@link #lines}' paths). */
    JsonNode convert(Node node, int path) {
      countDecode(node);
      if (expanding.containsKey(node)) {
        throw error(
            node.getStartMark().getLine() + 1,
            "anchor '" + anchorName(node) + "' value contains itself");
      }
      lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
      boolean alias = seen.containsKey(node);
      seen.put(node, 1);
      if (alias) {
        aliasDepth++;
      }
      expanding.put(node, Boolean.TRUE);
      try {
        if (node instanceof MappingNode mapping) {
          return mapping(mapping, path);
        }
        if (node instanceof SequenceNode sequence) {
          ArrayNode array = NODES.arrayNode();
          List<Node> items = sequence.getValue();
          for (int i = 0; i < items.size(); i++) {
            array.add(convert(items.get(i), lines.item(path, i)));
          }
          return array;
        }
        if (node instanceof AnchorNode anchor) {
          return convert(anchor.getRealNode(), path);
        }
        ScalarNode scalar = (ScalarNode) node;
        return scalar(scalar.getValue(), scalar.getTag());
      } finally {
        expanding.remove(node);
        if (alias) {
          aliasDepth--;
        }
      }
    }

    /**
     * A mapping: explicit keys first and unique, then merged keys ({@code <<}) that are not
     * explicit, the earlier merged mapping winning as in YAML 1.1's merge key type.
     */
    private JsonNode mapping(MappingNode mapping, int path) {
      Map<String, Integer> keyLines = new LinkedHashMap<>();
      ObjectNode object = NODES.objectNode();
      List<Node> merges = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (Tag.MERGE.equals(keyNode.getTag())) {
          merges.add(tuple.getValueNode());
          continue;
        }
        String key = scalarText(keyNode);
        int line = keyNode.getStartMark().getLine() + 1;
        Integer first = keyLines.putIfAbsent(key, line);
        if (first != null) {
          throw new ManifestException(
              new SourceLocation(file, line, lines.text(lines.field(path, key))),
              "error converting YAML to JSON: yaml: unmarshal errors:\n  line "
                  + line
                  + ": mapping key \""
                  + key
                  + "\" already defined at line "
                  + first);
        }
        int child = lines.field(path, key);
        lines.put(child, line);
        object.set(key, convert(tuple.getValueNode(), child));
      }
      for (Node merge : merges) {
        List<Node> sources =
            merge instanceof SequenceNode sequence ? sequence.getValue() : List.of(merge);
        for (Node source : sources) {
          JsonNode merged = convert(source, path);
          if (!merged.isObject()) {
            throw error(
                source.getStartMark().getLine() + 1,
                "map merge requires map or sequence of maps as the value");
          }
          merged
              .fields()
              .forEachRemaining(
                  field -> {
                    if (!object.has(field.getKey())) {
                      object.set(field.getKey(), field.getValue());
                    }
                  });
        }
      }
      return object;
    }

    /** Counts a node, refusing a document that expands too far as goyaml.v2 does. */
    private void countDecode(Node node) {
      decodeCount++;
      if (aliasDepth > 0) {
        aliasCount++;
      }
      if ((aliasCount > 100
              && decodeCount > 1000
              && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount))
          || decodeCount > MAX_EXPANDED_NODES) {
        throw error(node.getStartMark().getLine() + 1, "document contains excessive aliasing");
      }
    }

    private ManifestException error(int line, String problem) {
      return new ManifestException(
          new SourceLocation(file, line, null),
          "error converting YAML to JSON: yaml: line " + line + ": " + problem);
    }
  }

  /**
   * The share of decoded nodes that may come from aliases: 99% for small documents, down to 10%
   * from four million nodes (goyaml.v2's alias_ratio_range).
   */
  private static double allowedAliasRatio(long decodeCount) {
    if (decodeCount <= 400_000) {
      return 0.99;
    }
    if (decodeCount >= 4_000_000) {
      return 0.10;
    }
    return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000.0);
  }

  private static String anchorName(Node node) {
    String anchor = node.getAnchor();
    return anchor == null ? "" : anchor;
  }

  private static String scalarText(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : node.toString();
  }

  /** A scalar as JSON, by the tag its value resolved to. */
  static JsonNode scalar(String value, Tag tag) {
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      String lower = value.toLowerCase(Locale.ROOT);
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
