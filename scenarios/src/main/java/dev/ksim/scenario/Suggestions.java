package dev.ksim.scenario;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean" for a mistyped word: the known words within a small edit distance of it, nearest
 * first, as git and kubectl suggest a command.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The words of {@code known} at most a third of {@code word}'s length (and at least 1, at most 3)
   * edits away, or that start with it, nearest first then by name.
   */
  public static List<String> near(String word, Collection<String> known) {
    String typed = word.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, typed.length() / 3));
    return known.stream()
        .filter(
            k -> {
              String candidate = k.toLowerCase(Locale.ROOT);
              return distance(typed, candidate) <= allowed
                  || (typed.length() >= 3 && candidate.startsWith(typed));
            })
        .sorted(
            Comparator.comparingInt((String k) -> distance(typed, k.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(3)
        .toList();
  }

  /** {@code " (did you mean X?)"}, or "" when nothing is near. */
  public static String didYouMean(String word, Collection<String> known) {
    List<String> near = near(word, known);
    return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
  }

  /** The Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
