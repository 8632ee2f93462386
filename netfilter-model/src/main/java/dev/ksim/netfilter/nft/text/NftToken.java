package dev.ksim.netfilter.nft.text;

/**
 * One token of {@code nft -f} input.
 *
 * @param kind what it is
 * @param text the word or string (without quotes), or the punctuation
 * @param line 1-based line
 */
record NftToken(Kind kind, String text, int line) {
  enum Kind {
    WORD,
    STRING,
    LBRACE,
    RBRACE,
    COMMA,
    SEMICOLON,
    NEWLINE,
    END
  }

  boolean is(String word) {
    return kind == Kind.WORD && text.equals(word);
  }

  boolean endsStatement() {
    return kind == Kind.NEWLINE
        || kind == Kind.SEMICOLON
        || kind == Kind.END
        || kind == Kind.RBRACE;
  }

  String describe() {
    return switch (kind) {
      case WORD -> "string";
      case STRING -> "quoted string";
      case LBRACE -> "'{'";
      case RBRACE -> "'}'";
      case COMMA -> "comma";
      case SEMICOLON -> "semicolon";
      case NEWLINE -> "newline";
      case END -> "end of file";
    };
  }
}
