package dev.ksim.scenario.shell.explain;

/**
 * kubectl explain's text layout: words wrapped at a width as go-wordwrap 1.0.1's WrapString does
 * (breaks only at white space, which leaves out the no-break space in Go as in Java, keeps the
 * text's own line breaks, lets a word longer than the width overrun it, drops the spaces where it
 * breaks), and lines indented as its template's {@code indent} does (every line, an empty last one
 * too).
 *
 * @see <a href="https://github.com/mitchellh/go-wordwrap/blob/v1.0.1/wordwrap.go">go-wordwrap
 *     WrapString</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/explain/v2/funcs.go">kubectl
 *     explain's wrap and indent</a>
 */
final class WordWrap {
  private WordWrap() {}

  /** {@code text} wrapped at {@code limit} characters. */
  static String wrap(int limit, String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    StringBuilder word = new StringBuilder();
    StringBuilder spaces = new StringBuilder();
    int wordLength = 0;
    int spaceLength = 0;
    int current = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        if (word.length() == 0) {
          if (current + spaceLength <= limit) {
            out.append(spaces);
          }
        } else {
          out.append(spaces).append(word);
          word.setLength(0);
          wordLength = 0;
        }
        spaces.setLength(0);
        spaceLength = 0;
        out.append('\n');
        current = 0;
      } else if (Character.isWhitespace(c)) {
        if (spaces.length() == 0 || word.length() > 0) {
          current += spaceLength + wordLength;
          out.append(spaces).append(word);
          spaces.setLength(0);
          spaceLength = 0;
          word.setLength(0);
          wordLength = 0;
        }
        spaces.appendCodePoint(c);
        spaceLength++;
      } else {
        word.appendCodePoint(c);
        wordLength++;
        if (current + spaceLength + wordLength > limit && wordLength < limit) {
          out.append('\n');
          current = 0;
          spaces.setLength(0);
          spaceLength = 0;
        }
      }
    }
    if (word.length() == 0) {
      if (current + spaceLength <= limit) {
        out.append(spaces);
      }
    } else {
      out.append(spaces).append(word);
    }
    return out.toString();
  }

  /** {@code text} with {@code amount} spaces before each of its lines. */
  static String indent(int amount, String text) {
    String pad = " ".repeat(amount);
    return pad + text.replace("\n", "\n" + pad);
  }
}
