package dev.ksim.dns.corefile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Corefile text into server blocks as Caddy's lexer does: words separated by blanks, {@code
 * #} comments, braces opening and closing blocks, one directive per line. Environment references in
 * a word, {@code {$NAME}} and {@code {%NAME%}}, are replaced by the variable's value, empty when it
 * is unset (coredns/caddy {@code caddyfile/parse.go replaceEnvVars}).
 */
public final class Corefile {
  private Corefile() {}

  private record Token(String text, int line, boolean lineStart) {}

  /** The server blocks of {@code text}, read with {@code environment}'s variables. */
  public static List<ServerBlock> parse(String text, Map<String, String> environment) {
    List<Token> tokens = tokens(text, environment);
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

  private static List<Token> tokens(String text, Map<String, String> environment) {
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
        String expanded = expand(expand(word, "{%", "%}", environment), "{$", "}", environment);
        if (expanded.isEmpty()) {
          continue;
        }
        for (String piece : splitBraces(expanded)) {
          tokens.add(new Token(piece, i + 1, lineStart));
          lineStart = false;
        }
      }
    }
    return tokens;
  }

  /** {@code word} with each {@code start NAME end} replaced by NAME's value, as Caddy does. */
  private static String expand(
      String word, String start, String end, Map<String, String> environment) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (true) {
      int open = word.indexOf(start, from);
      int close = open < 0 ? -1 : word.indexOf(end, open + start.length());
      if (close <= open + start.length()) {
        // no reference left, or an empty name: the rest stays as written
        out.append(word, from, word.length());
        return out.toString();
      }
      String name = word.substring(open + start.length(), close);
      out.append(word, from, open).append(environment.getOrDefault(name, ""));
      from = close + end.length();
    }
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
