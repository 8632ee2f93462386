package dev.ksim.scenario.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command line split into words as a POSIX shell splits it (blanks; single quotes literal; double
 * quotes and backslashes), with the pipeline stages separated.
 */
public final class CommandLines {
  private CommandLines() {}

  /** The stages of {@code line} ({@code a | b}), each as words; empty on an unclosed quote. */
  public static Optional<List<List<String>>> split(String line) {
    List<List<String>> stages = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          // in double quotes a backslash escapes only $ ` " \ (a jsonpath's \. keeps its own)
          char next = line.charAt(++i);
          if ("$`\"\\".indexOf(next) < 0) {
            word.append(c);
          }
          word.append(next);
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        inWord = true;
        word.append(line.charAt(++i));
      } else if (Character.isWhitespace(c) || c == '|') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (c == '|') {
          stages.add(words);
          words = new ArrayList<>();
        }
      } else {
        inWord = true;
        word.append(c);
      }
    }
    if (quote != 0) {
      return Optional.empty();
    }
    if (inWord) {
      words.add(word.toString());
    }
    stages.add(words);
    return Optional.of(stages);
  }
}
