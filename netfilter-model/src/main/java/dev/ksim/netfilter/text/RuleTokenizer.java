package dev.ksim.netfilter.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an iptables-restore line into words as iptables-restore does: on blanks, with double
 * quotes grouping words and {@code \"} standing for a quote inside them. A quote left open runs to
 * the end of the line and takes the line's newline with it (iptables 1.8.9 {@code
 * add_param_to_argv} reads the line with its newline: {@code --comment "abc} is saved as a comment
 * {@code abc} plus a newline). A closing quote ends its word, so {@code "a b"c} is two words,
 * {@code a b} and {@code c}.
 */
public final class RuleTokenizer {
  private RuleTokenizer() {}

  /**
   * The words of {@code line}.
   *
   * @param newline whether a newline ended the line in the input
   */
  public static List<String> split(String line, boolean newline) {
    List<String> words = new ArrayList<>();
    // a word outside quotes is taken as it stands in the line; only a quoted one is built
    StringBuilder word = new StringBuilder();
    int start = -1;
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
          // the closing quote ends the word: add_param_to_argv stores it there
          quoted = false;
          words.add(word.toString());
          word.setLength(0);
          start = -1;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        if (start >= 0) {
          word.append(line, start, i);
        }
      } else if (c == ' ' || c == '\t') {
        if (start >= 0) {
          words.add(line.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (quoted) {
      if (newline) {
        word.append('\n');
      }
      words.add(word.toString());
    } else if (start >= 0) {
      words.add(line.substring(start));
    }
    return words;
  }
}
