package dev.ksim.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the YAML most manifests are written in straight from the text, into the documents SnakeYAML
 * and {@link YamlReader}'s conversion make of it: block mappings with plain keys, block sequences,
 * flow collections on one line, plain scalars and quoted scalars without escapes, comments and
 * {@code ---} between documents. Anything else in a file (anchors, tags, block scalars, a scalar or
 * flow collection over several lines, escapes, a tab, a duplicate key, text outside printable
 * ASCII, any malformed line) gives empty, and the whole file goes to SnakeYAML, so that errors,
 * their lines and everything YAML allows beyond this stay SnakeYAML's. Plain scalars are typed by
 * SnakeYAML's own resolver.
 *
 * <p>Why: SnakeYAML builds a token, an event and a node per scalar and runs the resolver's regular
 * expressions on every key; reading 10,000 Services and their EndpointSlices (9 MB) took it about
 * 1.5 s of CPU, mostly run cold, before the cluster could start.
 */
final class CommonYaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ImplicitTags TAGS = new ImplicitTags();

  /** Nesting kept well under the limit {@link YamlReader} gives SnakeYAML. */
  private static final int MAX_DEPTH = 50;

  /**
   * Distinct scalars and keys a file shares: bounded, for a file that is mostly distinct values.
   */
  private static final int MAX_SHARED = 4096;

  /** Under SnakeYAML's limit on a simple key's length (1024). */
  private static final int MAX_KEY_LENGTH = 1000;

  private static final int KEY_FIRST = 1;
  private static final int KEY = 2;
  private static final int WORD = 4;
  private static final int FLOW_PLAIN = 8;
  private static final byte[] CLASSES = classes();

  private final String file;
  private final String text;

  /**
   * The text's characters, all ASCII: read as bytes rather than through {@link String#charAt},
   * whose calls cost most of the reading while it runs interpreted.
   */
  private final byte[] chars;

  /** Start of the current line. */
  private int lineStart;

  /** End of the current line: its newline, or the end of the text. */
  private int lineEnd;

  /** Number of the current line, from 1. */
  private int line = 1;

  /** Indentation of the current line, which holds content; -1 at the end of the text. */
  private int indent;

  /** Position in the current line while reading a value on it. */
  private int pos;

  private int nodes;

  /** Distinct plain scalars and keys met, up to {@link #MAX_SHARED} of each. */
  private final Map<String, JsonNode> scalars = new HashMap<>();

  private final Map<String, String> keys = new HashMap<>();

  /** The current document's field lines; one builder for the file, cleared per document. */
  private final FieldLines.Builder lines = new FieldLines.Builder();

  private CommonYaml(String file, String text, byte[] chars) {
    this.file = file;
    this.text = text;
    this.chars = chars;
  }

  /** The documents of {@code text}, or empty when anything in it is outside the common shapes. */
  static Optional<List<YamlDocument>> read(String file, String text) {
    byte[] chars = text.getBytes(StandardCharsets.ISO_8859_1);
    if (!isPrintableAscii(text, chars)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CommonYaml(file, text, chars).documents());
    } catch (Uncommon e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code text} is printable ASCII and newlines, looking at its ISO 8859-1 bytes, where a
   * character outside that charset became a question mark.
   */
  private static boolean isPrintableAscii(String text, byte[] chars) {
    for (int i = 0; i < chars.length; i++) {
      int c = chars[i];
      if ((c < ' ' && c != '\n') || c > '~' || (c == '?' && text.charAt(i) != '?')) {
        return false;
      }
    }
    return true;
  }

  private List<YamlDocument> documents() {
    List<YamlDocument> documents = new ArrayList<>();
    lineEnd = -1;
    nextLine();
    while (indent >= 0) {
      if (atDocumentStart()) {
        nextLine();
        continue;
      }
      if (indent != 0) {
        throw new Uncommon();
      }
      lines.clear();
      nodes = 0;
      int first = line;
      lines.putIfAbsent(0, first);
      ObjectNode root = blockMapping(lineStart, 0, 1);
      if (indent > 0 || (indent == 0 && !atDocumentStart())) {
        throw new Uncommon();
      }
      documents.add(new YamlDocument(file, first, root, lines.build()));
    }
    return documents;
  }

  /** Moves to the next line with content, skipping blank and comment lines. */
  private void nextLine() {
    int start = lineEnd + 1;
    if (lineEnd >= 0) {
      line++;
    }
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      int content = start;
      while (content < end && chars[content] == ' ') {
        content++;
      }
      if (content < end && chars[content] != '#') {
        lineStart = start;
        lineEnd = end;
        indent = content - start;
        return;
      }
      start = end + 1;
      line++;
    }
    lineStart = text.length();
    lineEnd = text.length();
    indent = -1;
  }

  /** Whether the current line is a document marker {@code ---}; any other text there is outside. */
  private boolean atDocumentStart() {
    if (indent != 0) {
      return false;
    }
    int c = chars[lineStart];
    if (c == '%' || text.startsWith("...", lineStart)) {
      throw new Uncommon();
    }
    if (!text.startsWith("---", lineStart)) {
      return false;
    }
    if (lineEnd != lineStart + 3) {
      throw new Uncommon();
    }
    return true;
  }

  /** A block mapping whose first key starts at {@code start} of the current line. */
  private ObjectNode blockMapping(int start, int path, int depth) {
    int column = start - lineStart;
    ObjectNode object = NODES.objectNode();
    countNode(depth);
    int keyStart = start;
    while (true) {
      int colon = keyEnd(keyStart);
      if (colon < 0) {
        throw new Uncommon();
      }
      String key = key(keyStart, colon);
      int child = field(object, path, key);
      int value = skipSpaces(colon + 1);
      if (value == lineEnd || chars[value] == '#') {
        nextLine();
        object.set(key, nestedBlock(column, child, depth + 1));
      } else {
        object.set(key, inlineValue(value, child, depth + 1));
        nextLine();
      }
      if (indent > column) {
        throw new Uncommon();
      }
      if (indent < column || (column == 0 && atDocumentStart())) {
        return object;
      }
      keyStart = lineStart + column;
    }
  }

  /**
   * The path of {@code key} in {@code object} at {@code path}, its line recorded; a key given twice
   * is SnakeYAML's to refuse.
   */
  private int field(ObjectNode object, int path, String key) {
    if (object.has(key)) {
      throw new Uncommon();
    }
    int child = lines.field(path, key);
    lines.put(child, line);
    return child;
  }

  /**
   * The value of a key written alone on its line, at {@code column}: on the lines below, or null.
   */
  private JsonNode nestedBlock(int column, int path, int depth) {
    if (indent > column) {
      return isSequenceEntry()
          ? blockSequence(path, depth)
          : blockMapping(lineStart + indent, path, depth);
    }
    if (indent == column && isSequenceEntry()) {
      return blockSequence(path, depth);
    }
    countNode(depth);
    return YamlReader.scalar("", TAGS.of(""));
  }

  /** Whether the current line starts a block sequence's entry ({@code - }) at its indentation. */
  private boolean isSequenceEntry() {
    int dash = lineStart + indent;
    if (chars[dash] != '-') {
      return false;
    }
    if (dash + 1 == lineEnd) {
      throw new Uncommon();
    }
    return chars[dash + 1] == ' ';
  }

  /** A block sequence whose first entry is the current line. */
  private ArrayNode blockSequence(int path, int depth) {
    int column = indent;
    ArrayNode array = NODES.arrayNode();
    countNode(depth);
    int index = 0;
    while (true) {
      int start = skipSpaces(lineStart + column + 1);
      if (start == lineEnd || chars[start] == '#') {
        throw new Uncommon();
      }
      int item = lines.item(path, index++);
      lines.putIfAbsent(item, line);
      if (keyEnd(start) >= 0) {
        array.add(blockMapping(start, item, depth + 1));
      } else {
        if (chars[start] == '-' && (start + 1 == lineEnd || chars[start + 1] == ' ')) {
          throw new Uncommon();
        }
        array.add(inlineValue(start, item, depth + 1));
        nextLine();
      }
      if (indent > column) {
        throw new Uncommon();
      }
      if (indent < column || !isSequenceEntry()) {
        return array;
      }
    }
  }

  /**
   * The end of a plain key starting at {@code start} (its colon, followed by a space or the line's
   * end), or -1 when the text there is not such a key.
   */
  private int keyEnd(int start) {
    int i = start;
    while (i < lineEnd && isKeyChar(chars[i], i == start)) {
      i++;
    }
    if (i == start || i == lineEnd || i - start > MAX_KEY_LENGTH || chars[i] != ':') {
      return -1;
    }
    return i + 1 == lineEnd || chars[i + 1] == ' ' ? i : -1;
  }

  private static boolean isKeyChar(int c, boolean first) {
    return (CLASSES[c] & (first ? KEY_FIRST : KEY)) != 0;
  }

  /** A value written after a key or a sequence's dash, to the end of the line or a comment. */
  private JsonNode inlineValue(int start, int path, int depth) {
    int c = chars[start];
    JsonNode value;
    if (c == '{' || c == '[' || c == '"' || c == '\'') {
      pos = start;
      value = flowNode(path, depth);
    } else {
      value = blockPlain(start, depth);
    }
    int rest = skipSpaces(pos);
    if (rest != lineEnd && (rest == pos || chars[rest] != '#')) {
      throw new Uncommon();
    }
    return value;
  }

  /** A plain scalar in block context: to the end of the line or a comment. */
  private JsonNode blockPlain(int start, int depth) {
    int first = chars[start];
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0
        && !(first == '-' && start + 1 < lineEnd && isWordChar(chars[start + 1]))) {
      throw new Uncommon();
    }
    int end = start;
    int i = start;
    while (i < lineEnd) {
      int c = chars[i];
      if (c == ' ') {
        if (i + 1 < lineEnd && chars[i + 1] == '#') {
          break;
        }
      } else if (c == '#' || (c == ':' && (i + 1 == lineEnd || chars[i + 1] == ' '))) {
        throw new Uncommon();
      } else {
        end = i + 1;
      }
      i++;
    }
    pos = end;
    return plain(text.substring(start, end), depth);
  }

  /**
   * A node in flow context at {@link #pos}, all on the current line; {@link #pos} moves past it.
   */
  private JsonNode flowNode(int path, int depth) {
    int c = chars[pos];
    if (c == '{') {
      return flowMapping(path, depth);
    }
    if (c == '[') {
      return flowSequence(path, depth);
    }
    if (c == '"' || c == '\'') {
      return quoted(c, depth);
    }
    int start = pos;
    if (!isWordChar(c) && !(c == '-' && pos + 1 < lineEnd && isWordChar(chars[pos + 1]))) {
      throw new Uncommon();
    }
    int end = flowWordEnd(pos);
    while (true) {
      int next = skipSpaces(end);
      if (next == end || next == lineEnd || !isFlowPlainChar(chars[next])) {
        break;
      }
      end = flowWordEnd(next);
    }
    pos = end;
    return plain(text.substring(start, end), depth);
  }

  private int flowWordEnd(int start) {
    int i = start;
    while (i < lineEnd && isFlowPlainChar(chars[i])) {
      i++;
    }
    return i;
  }

  private static boolean isWordChar(int c) {
    return (CLASSES[c] & WORD) != 0;
  }

  private static boolean isFlowPlainChar(int c) {
    return (CLASSES[c] & FLOW_PLAIN) != 0;
  }

  /**
   * What each ASCII character may be: a key's first character (letters, digits, _), a key's next
   * ones (also . / -), a word's (letters, digits, .), a flow scalar's (also _ / - +).
   */
  private static byte[] classes() {
    byte[] classes = new byte[128];
    for (int c = 0; c < classes.length; c++) {
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      int kinds = 0;
      if (alphanumeric || c == '_') {
        kinds |= KEY_FIRST | KEY;
      }
      if (c == '.' || c == '/' || c == '-') {
        kinds |= KEY;
      }
      if (alphanumeric || c == '.') {
        kinds |= WORD | FLOW_PLAIN;
      }
      if (c == '_' || c == '/' || c == '-' || c == '+') {
        kinds |= FLOW_PLAIN;
      }
      classes[c] = (byte) kinds;
    }
    return classes;
  }

  private ObjectNode flowMapping(int path, int depth) {
    ObjectNode object = NODES.objectNode();
    countNode(depth);
    if (isEmptyFlow('}')) {
      return object;
    }
    while (true) {
      int colon = keyEnd(pos);
      if (colon < 0) {
        throw new Uncommon();
      }
      String key = key(pos, colon);
      int child = field(object, path, key);
      pos = skipSpaces(colon + 1);
      if (pos == lineEnd) {
        throw new Uncommon();
      }
      object.set(key, flowNode(child, depth + 1));
      if (endOfFlowEntry('}')) {
        return object;
      }
    }
  }

  private ArrayNode flowSequence(int path, int depth) {
    ArrayNode array = NODES.arrayNode();
    countNode(depth);
    if (isEmptyFlow(']')) {
      return array;
    }
    int index = 0;
    while (true) {
      if (pos == lineEnd) {
        throw new Uncommon();
      }
      int item = lines.item(path, index++);
      lines.putIfAbsent(item, line);
      array.add(flowNode(item, depth + 1));
      if (endOfFlowEntry(']')) {
        return array;
      }
    }
  }

  /** Past a flow collection's opening: whether {@code close} follows, which it then passes. */
  private boolean isEmptyFlow(char close) {
    pos = skipSpaces(pos + 1);
    if (pos < lineEnd && chars[pos] == close) {
      pos++;
      return true;
    }
    return false;
  }

  /**
   * After a flow collection's entry: true past its {@code close}, false past a comma before the
   * next entry.
   */
  private boolean endOfFlowEntry(char close) {
    pos = skipSpaces(pos);
    if (pos == lineEnd) {
      throw new Uncommon();
    }
    int c = chars[pos];
    if (c == close) {
      pos++;
      return true;
    }
    if (c != ',') {
      throw new Uncommon();
    }
    pos = skipSpaces(pos + 1);
    if (pos == lineEnd || chars[pos] == '}' || chars[pos] == ']') {
      throw new Uncommon();
    }
    return false;
  }

  /** A quoted scalar without escapes, on one line: always a string. */
  private JsonNode quoted(int quote, int depth) {
    int close = text.indexOf(quote, pos + 1);
    if (close < 0 || close >= lineEnd) {
      throw new Uncommon();
    }
    String value = text.substring(pos + 1, close);
    if ((quote == '"' && value.indexOf('\\') >= 0)
        || (quote == '\'' && close + 1 < lineEnd && chars[close + 1] == '\'')) {
      throw new Uncommon();
    }
    pos = close + 1;
    countNode(depth);
    return NODES.textNode(value);
  }

  /**
   * A plain scalar's node: shared by the equal scalars of the file (value nodes are immutable), so
   * that the resolver runs once per distinct value and the trees, kept through the settle, hold one
   * {@code true} or {@code 80}.
   */
  private JsonNode plain(String value, int depth) {
    countNode(depth);
    JsonNode known = scalars.get(value);
    if (known != null) {
      return known;
    }
    JsonNode node = YamlReader.scalar(value, TAGS.of(value));
    if (scalars.size() < MAX_SHARED) {
      scalars.put(value, node);
    }
    return node;
  }

  /** The key between {@code start} and {@code end}: one string per distinct key of the file. */
  private String key(int start, int end) {
    String key = text.substring(start, end);
    String known = keys.putIfAbsent(key, key);
    if (known != null) {
      return known;
    }
    if (keys.size() > MAX_SHARED) {
      keys.remove(key);
    }
    return key;
  }

  private int skipSpaces(int from) {
    int i = from;
    while (i < lineEnd && chars[i] == ' ') {
      i++;
    }
    return i;
  }

  /** Counts a node of the document, leaving to SnakeYAML one too deep or too large. */
  private void countNode(int depth) {
    if (depth > MAX_DEPTH || ++nodes > YamlReader.MAX_EXPANDED_NODES) {
      throw new Uncommon();
    }
  }
}
