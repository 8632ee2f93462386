package dev.ksim.netfilter.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits an iptables-restore line into words as iptables-restore does: on blanks, with double
 * quotes grouping words and {@code \"} standing for a quote inside them.
 */
final class RuleTokenizer {
  private RuleTokenizer() {}

  /** The words of {@code line}, or empty when a quote is left open. */
  static Optional<List<String>> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\'
            && i + 1 < line.length()
            && (line.charAt(i + 1) == '"'
                || line.charAt(i + 1) == '\\'
                || line.charAt(i + 1) == '\'')) {
          word.append(line.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      return Optional.empty();
    }
    if (inWord) {
      words.add(word.toString());
    }
    return Optional.of(words);
  }
}
