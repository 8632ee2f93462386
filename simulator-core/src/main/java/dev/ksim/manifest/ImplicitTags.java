package dev.ksim.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's resolver of a plain scalar's implicit tag (YAML 1.1: bool, int, float, null,
 * timestamp, ...), with its regular expressions run only on a value one of them could match: the
 * resolver keys them by the value's first character (null's are also tried on any value), and a
 * value whose first character starts none of them, or whose expressions are all numeric ones that
 * allow one dot at most while the value has two (an IPv4 address), is a string. The manifests of
 * 10,000 Services and their EndpointSlices made it run about 700,000 expressions, a matcher each,
 * nearly all on names and addresses.
 */
final class ImplicitTags extends Resolver {
  /** Numeric expressions that each allow at most one dot in what they match. */
  private static final Set<Pattern> ONE_DOT_AT_MOST = Set.of(INT, FLOAT, TIMESTAMP);

  /**
   * Expressions tried on any value that match only the empty value or one starting with one of
   * {@link #NULL_FIRST}: null's ({@code ~}, {@code null}, {@code Null}, {@code NULL}, a space).
   */
  private static final Set<Pattern> ANY_VALUE_NULL_ONLY = Set.of(EMPTY, NULL);

  private static final String NULL_FIRST = "~nN ";

  /** Per ASCII character: 0 no expression, 1 only numeric ones of one dot, 2 others. */
  private final byte[] kinds = new byte[128];

  private final boolean anyValueNullOnly;

  /**
   * The expressions registered per first character ({@code '\0'}: tried on any value), recorded as
   * the superclass's constructor registers them: so this field has no initializer.
   */
  private @Nullable Map<Character, List<Pattern>> registered;

  ImplicitTags() {
    Map<Character, List<Pattern>> all = registered == null ? Map.of() : registered;
    anyValueNullOnly = ANY_VALUE_NULL_ONLY.containsAll(all.getOrDefault('\0', List.of()));
    for (char c = 1; c < kinds.length; c++) {
      List<Pattern> patterns = all.get(c);
      if (patterns != null) {
        kinds[c] = (byte) (ONE_DOT_AT_MOST.containsAll(patterns) ? 1 : 2);
      }
    }
  }

  @Override
  public void addImplicitResolver(Tag tag, Pattern regexp, @Nullable String first, int limit) {
    super.addImplicitResolver(tag, regexp, first, limit);
    Map<Character, List<Pattern>> all = registered;
    if (all == null) {
      all = new HashMap<>();
      registered = all;
    }
    // the superclass files the null character as any value, as no first character
    for (char c : (first == null ? "\0" : first).toCharArray()) {
      all.computeIfAbsent(c, k -> new ArrayList<>()).add(regexp);
    }
  }

  /** The tag of a plain scalar, as {@link #resolve} gives it. */
  Tag of(String value) {
    if (anyValueNullOnly && !value.isEmpty() && NULL_FIRST.indexOf(value.charAt(0)) < 0) {
      char first = value.charAt(0);
      int kind = first < 128 ? kinds[first] : 2;
      if (kind == 0 || (kind == 1 && hasTwoDots(value))) {
        return Tag.STR;
      }
    }
    return resolve(NodeId.scalar, value, true);
  }

  private static boolean hasTwoDots(String value) {
    int dot = value.indexOf('.');
    return dot >= 0 && value.indexOf('.', dot + 1) >= 0;
  }
}
