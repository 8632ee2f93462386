package dev.ksim.netfilter.nft.text;

import dev.ksim.input.SourceLocation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A position in a list of {@code nft -f} tokens, for the script and expression parsers: looking
 * ahead, taking tokens, and the syntax errors nft reports (with the file and line). Past the last
 * token (or at an {@code END} token) it stays where it is and reads as the end.
 */
final class NftTokenCursor {
  private final String file;
  private final List<NftToken> tokens;
  private int pos;

  NftTokenCursor(String file, List<NftToken> tokens) {
    this.file = file;
    this.tokens = tokens;
  }

  /** Whether every token was taken (or the next is the end of the input). */
  boolean atEnd() {
    return pos >= tokens.size() || tokens.get(pos).kind() == NftToken.Kind.END;
  }

  /** The next token, not taken; an end token past the last one. */
  NftToken peek() {
    return pos < tokens.size() ? tokens.get(pos) : new NftToken(NftToken.Kind.END, "", line());
  }

  /** Takes the next token (the end stays where it is). */
  NftToken next() {
    NftToken token = peek();
    if (!atEnd()) {
      pos++;
    }
    return token;
  }

  /** The token {@code offset} places after the next one, or null past the last. */
  @Nullable NftToken ahead(int offset) {
    int index = pos + offset;
    return index < tokens.size() ? tokens.get(index) : null;
  }

  /** Whether the token {@code offset} places ahead is the word {@code word}. */
  boolean lookingAt(int offset, String word) {
    NftToken token = ahead(offset);
    return token != null && token.is(word);
  }

  /** Whether the token {@code offset} places ahead is of {@code kind}. */
  boolean lookingAt(int offset, NftToken.Kind kind) {
    NftToken token = ahead(offset);
    return token != null && token.kind() == kind;
  }

  /** Takes a token of {@code kind}, or fails with nft's syntax error. */
  NftToken expect(NftToken.Kind kind) {
    NftToken token = next();
    if (token.kind() != kind) {
      throw unexpected(token);
    }
    return token;
  }

  /** Takes the word {@code word}, or fails with nft's "expecting" error. */
  void expectWord(String word) {
    NftToken token = next();
    if (!token.is(word)) {
      throw error(
          token.line(), "syntax error, unexpected " + describe(token) + ", expecting " + word);
    }
  }

  /** The line of the next token (of the last one past the end; 0 without tokens). */
  int line() {
    if (tokens.isEmpty()) {
      return 0;
    }
    return tokens.get(Math.min(pos, tokens.size() - 1)).line();
  }

  /** nft's error for a token that has no place where it stands. */
  NftParseException unexpected(NftToken token) {
    return error(token.line(), "syntax error, unexpected " + describe(token));
  }

  private static String describe(NftToken token) {
    return token.kind() == NftToken.Kind.WORD ? token.text() : token.describe();
  }

  /** An error at {@code line} of the file. */
  NftParseException error(int line, String message) {
    return new NftParseException(new SourceLocation(file, line, null), message);
  }
}
