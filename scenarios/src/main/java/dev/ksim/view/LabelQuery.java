package dev.ksim.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector as kubectl's {@code -l} takes it: comma-separated requirements {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} and {@code !k}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/labels/selector.go">labels.Parse</a>
 */
public final class LabelQuery {
  private record Requirement(String key, String operator, List<String> values) {}

  private static final Pattern SET =
      Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
  private static final Pattern EQUALITY =
      Pattern.compile("\\s*([^\\s!=,()]+)\\s*(==|!=|=)\\s*([^\\s,()=!]*)\\s*");
  private static final Pattern EXISTS = Pattern.compile("\\s*(!?)([^\\s!=,()]+)\\s*");

  private final List<Requirement> requirements;

  private LabelQuery(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /** Parses a selector; throws IllegalArgumentException with kubectl's wording when invalid. */
  public static LabelQuery parse(String text) {
    List<Requirement> requirements = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int end = nextComma(text, i);
      String part = text.substring(i, end);
      Matcher set = SET.matcher(part);
      Matcher equality = EQUALITY.matcher(part);
      Matcher exists = EXISTS.matcher(part);
      if (set.matches()) {
        List<String> values = new ArrayList<>();
        for (String v : com.google.common.base.Splitter.on(',').split(set.group(3))) {
          values.add(v.trim());
        }
        requirements.add(new Requirement(set.group(1), set.group(2), values));
      } else if (equality.matches()) {
        String operator = equality.group(2).equals("!=") ? "!=" : "=";
        requirements.add(new Requirement(equality.group(1), operator, List.of(equality.group(3))));
      } else if (exists.matches()) {
        String operator = exists.group(1).isEmpty() ? "exists" : "!";
        requirements.add(new Requirement(exists.group(2), operator, List.of()));
      } else {
        throw new IllegalArgumentException("unable to parse requirement: " + part.trim());
      }
      i = end + 1;
    }
    return new LabelQuery(requirements);
  }

  private static int nextComma(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Whether {@code labels} satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      String value = labels.get(r.key());
      boolean ok =
          switch (r.operator()) {
            case "=" -> r.values().get(0).equals(value);
            case "!=" -> !r.values().get(0).equals(value);
            case "in" -> value != null && r.values().contains(value);
            case "notin" -> value == null || !r.values().contains(value);
            case "exists" -> labels.containsKey(r.key());
            default -> !labels.containsKey(r.key());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
