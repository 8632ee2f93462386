package dev.ksim.dns.corefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Corefile text into server blocks as Caddy's lexer does: words separated by blanks, {@code
 * #} comments, braces opening and closing blocks, one directive per line.
 */
public final class Corefile {
  private Corefile() {}

  private record Token(String text, int line, boolean lineStart) {}

  /** The server blocks of {@code text}. */
  public static List<ServerBlock> parse(String text) {
    List<Token> tokens = tokens(text);
    List<ServerBlock> blocks = new ArrayList<>();
    int[] at = {0};
    while (at[0] < tokens.size()) {
      Token first = tokens.get(at[0]);
      List<String> keys = new ArrayList<>();
      while (at[0] < tokens.size() && !tokens.get(at[0]).text().equals("{")) {
        Token key = tokens.get(at[0]++);
        if (key.text().equals("}")) {
          throw new CorefileException(key.line(), "unexpected '}'");
        }
        keys.add(key.text().replaceAll(",$", ""));
      }
      if (at[0] >= tokens.size()) {
        throw new CorefileException(first.line(), "server block " + keys + " has no '{'");
      }
      at[0]++;
      blocks.add(new ServerBlock(keys, directives(tokens, at, first.line()), first.line()));
    }
    if (blocks.isEmpty()) {
      throw new CorefileException(1, "no server blocks");
    }
    return blocks;
  }

  /** Directives up to the closing brace of the block opened on {@code openLine}. */
  private static List<Directive> directives(List<Token> tokens, int[] at, int openLine) {
    List<Directive> directives = new ArrayList<>();
    while (true) {
      if (at[0] >= tokens.size()) {
        throw new CorefileException(openLine, "block opened here is never closed");
      }
      Token name = tokens.get(at[0]++);
      if (name.text().equals("}")) {
        return directives;
      }
      if (name.text().equals("{")) {
        throw new CorefileException(name.line(), "unexpected '{'");
      }
      List<String> args = new ArrayList<>();
      List<Directive> block = List.of();
      while (at[0] < tokens.size() && !tokens.get(at[0]).lineStart()) {
        Token t = tokens.get(at[0]);
        if (t.text().equals("}")) {
          break;
        }
        at[0]++;
        if (t.text().equals("{")) {
          block = directives(tokens, at, t.line());
          break;
        }
        args.add(t.text());
      }
      directives.add(new Directive(name.text(), args, block, name.line()));
    }
  }

  private static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      boolean lineStart = true;
      for (String word : line.trim().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        for (String piece : splitBraces(word)) {
          tokens.add(new Token(piece, i + 1, lineStart));
          lineStart = false;
        }
      }
    }
    return tokens;
  }

  /** A word ending in braces is the word, then each brace, as Caddy reads it. */
  private static List<String> splitBraces(String word) {
    List<String> pieces = new ArrayList<>();
    String rest = word;
    while (rest.length() > 1 && (rest.endsWith("{") || rest.endsWith("}"))) {
      pieces.add(0, rest.substring(rest.length() - 1));
      rest = rest.substring(0, rest.length() - 1);
    }
    pieces.add(0, rest);
    return pieces;
  }
}
