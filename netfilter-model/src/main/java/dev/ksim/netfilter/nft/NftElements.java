package dev.ksim.netfilter.nft;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code nft list} orders and prints set elements. */
public final class NftElements {
  /** By key, part by part, lowest value first (the order {@code nft list} prints). */
  public static final Comparator<NftElement> ORDER = NftElements::compare;

  private NftElements() {}

  /** One element as {@code nft list} prints it (without its expiry). */
  public static String text(NftElement element) {
    return text(element, NftOutput.SYMBOLIC);
  }

  /** One element as {@code nft list} prints it, or {@code nft -n list}. */
  public static String text(NftElement element, NftOutput output) {
    StringBuilder text =
        new StringBuilder(
            element.key().stream().map(v -> v.text(output)).collect(Collectors.joining(" . ")));
    if (element.timeoutMillis() > 0) {
      text.append(" timeout ").append(NftDuration.format(element.timeoutMillis(), output));
    }
    if (element.comment() != null) {
      text.append(" comment \"").append(element.comment()).append('"');
    }
    if (element.verdict() != null) {
      text.append(" : ").append(element.verdict().text());
    } else if (element.data() != null) {
      text.append(" : ").append(element.data().text(output));
    }
    return text.toString();
  }

  /** An anonymous set or map in a rule: {@code { a, b }}, sorted, on one line. */
  public static String anonymousText(List<NftElement> elements, NftOutput output) {
    return elements.stream()
        .sorted(ORDER)
        .map(e -> text(e, output))
        .collect(Collectors.joining(", ", "{ ", " }"));
  }

  @SuppressWarnings("unchecked")
  private static int compare(NftElement a, NftElement b) {
    int parts = Math.min(a.key().size(), b.key().size());
    for (int i = 0; i < parts; i++) {
      Comparable<Object> left = (Comparable<Object>) a.key().get(i).low();
      Object right = b.key().get(i).low();
      int order =
          left.getClass() == right.getClass()
              ? left.compareTo(right)
              : left.getClass().getName().compareTo(right.getClass().getName());
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.key().size(), b.key().size());
  }
}
