package dev.ksim.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Label selector matching: metav1.LabelSelector (matchLabels and matchExpressions with In, NotIn,
 * Exists, DoesNotExist) and the plain map selectors of Services.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/labels/selector.go">labels/selector.go</a>
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /**
   * Whether {@code labels} satisfy {@code selector}. A null selector matches nothing and an empty
   * one everything, as {@code metav1.LabelSelectorAsSelector} makes them.
   */
  public static boolean matches(
      @Nullable LabelSelector selector, @Nullable Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(actual.get(e.getKey()))) {
          return false;
        }
      }
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
      String value = actual.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> actual.containsKey(r.getKey());
            case "DoesNotExist" -> !actual.containsKey(r.getKey());
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code labels} carry every pair of a Service's (map) selector. An empty selector
   * matches nothing here: a Service without a selector selects no pods.
   */
  public static boolean matchesServiceSelector(
      @Nullable Map<String, String> selector, @Nullable Map<String, String> labels) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> pair : selector.entrySet()) {
      if (!pair.getValue().equals(actual.get(pair.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** One {@code key=value} pair the selector requires, to look candidates up in a label index. */
  public static Optional<Map.Entry<String, String>> anyRequiredPair(
      @Nullable LabelSelector selector) {
    if (selector == null) {
      return Optional.empty();
    }
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
      return Optional.of(selector.getMatchLabels().entrySet().iterator().next());
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
      if ("In".equals(r.getOperator()) && r.getValues().size() == 1) {
        return Optional.of(Map.entry(r.getKey(), r.getValues().get(0)));
      }
    }
    return Optional.empty();
  }

  /**
   * The selector as kubectl prints it, {@code app=nginx,tier in (web)}; {@code <none>} if empty.
   */
  public static String format(@Nullable LabelSelector selector) {
    if (selector == null) {
      return "<none>";
    }
    StringBuilder sb = new StringBuilder();
    if (selector.getMatchLabels() != null) {
      new TreeMap<>(selector.getMatchLabels())
          .forEach((k, v) -> sb.append(sb.length() > 0 ? "," : "").append(k).append('=').append(v));
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
      sb.append(sb.length() > 0 ? "," : "");
      switch (r.getOperator()) {
        case "In" ->
            sb.append(r.getKey())
                .append(" in (")
                .append(String.join(",", r.getValues()))
                .append(')');
        case "NotIn" ->
            sb.append(r.getKey())
                .append(" notin (")
                .append(String.join(",", r.getValues()))
                .append(')');
        case "Exists" -> sb.append(r.getKey());
        case "DoesNotExist" -> sb.append('!').append(r.getKey());
        default -> sb.append(r.getKey()).append(' ').append(r.getOperator());
      }
    }
    return sb.length() == 0 ? "<none>" : sb.toString();
  }
}
