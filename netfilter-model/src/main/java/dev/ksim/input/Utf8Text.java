package dev.ksim.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A user's text file read as UTF-8, refused at the line of its first octet that is not UTF-8 (a
 * Latin-1 or binary file given where rules are expected), rather than decoded with replacement
 * characters or failing with a decoder's stack trace.
 */
public final class Utf8Text {
  private Utf8Text() {}

  /**
   * The text of {@code bytes}.
   *
   * @param file the file as the user named it
   * @throws KsimInputException naming the line and column of the first octet that is not UTF-8
   */
  public static String decode(String file, byte[] bytes) {
    // the String constructor copies an ASCII file as it is and puts U+FFFD for each octet that
    // is not UTF-8: without one the text is whole; with one, the strict decoder tells a file
    // that wrote it from one with a bad octet, and where
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new KsimInputException(
          new SourceLocation(file, line, null),
          String.format(
              Locale.ROOT,
              "not UTF-8 text: octet 0x%02X at column %d",
              bytes[at] & 0xff,
              at - lineStart + 1));
    }
    return out.flip().toString();
  }
}
