package dev.ksim.netfilter.nft.text;

import dev.ksim.input.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** Splits {@code nft -f} input into words, quoted strings and punctuation, dropping comments. */
final class NftTokenizer {
  private NftTokenizer() {}

  static List<NftToken> tokenize(String file, String text) {
    return tokenize(file, text, 1);
  }

  /** The tokens of {@code text}, whose first line is line {@code firstLine} of {@code file}. */
  static List<NftToken> tokenize(String file, String text, int firstLine) {
    List<NftToken> tokens = new ArrayList<>();
    int line = firstLine;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n') {
        tokens.add(new NftToken(NftToken.Kind.NEWLINE, "\n", line));
        line++;
        i++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        line++;
        i += 2;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        int newline = text.indexOf('\n', i + 1);
        if (end < 0 || (newline >= 0 && newline < end)) {
          throw new NftParseException(
              new SourceLocation(file, line, null), "syntax error, unterminated quoted string");
        }
        tokens.add(new NftToken(NftToken.Kind.STRING, text.substring(i + 1, end), line));
        i = end + 1;
      } else if (c == '{' || c == '}' || c == ',' || c == ';') {
        NftToken.Kind kind =
            switch (c) {
              case '{' -> NftToken.Kind.LBRACE;
              case '}' -> NftToken.Kind.RBRACE;
              case ',' -> NftToken.Kind.COMMA;
              default -> NftToken.Kind.SEMICOLON;
            };
        tokens.add(new NftToken(kind, String.valueOf(c), line));
        i++;
      } else {
        int start = i;
        while (i < text.length() && !isBreak(text.charAt(i))) {
          i++;
        }
        tokens.add(new NftToken(NftToken.Kind.WORD, text.substring(start, i), line));
      }
    }
    tokens.add(new NftToken(NftToken.Kind.END, "", line));
    return tokens;
  }

  private static boolean isBreak(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}' || c == ','
        || c == ';' || c == '"' || c == '#';
  }
}
