package dev.ksim.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Text written piece by piece and printed at the end, a run of equal pieces in a row held once with
 * its count: {@code curl --count 100000} answered by the same page would otherwise hold 60 MB of
 * output while the requests run (copied as the buffer grows, and by every young collection that
 * finds it there), then copy it all once more to print it.
 */
final class RepeatedText {
  /** Printed in pieces of about this many characters, so that no copy of the whole is made. */
  private static final int PRINTED_CHUNK = 1 << 16;

  private final List<String> pieces = new ArrayList<>();
  private final List<Integer> repeats = new ArrayList<>();

  /** Adds {@code piece} after what is held. */
  void append(String piece) {
    int last = pieces.size() - 1;
    if (last >= 0 && pieces.get(last).equals(piece)) {
      repeats.set(last, repeats.get(last) + 1);
    } else {
      pieces.add(piece);
      repeats.add(1);
    }
  }

  /** Prints what is held to {@code out}, then {@code tail}. */
  void print(PrintStream out, CharSequence tail) {
    StringBuilder chunk = new StringBuilder();
    for (int p = 0; p < pieces.size(); p++) {
      String piece = pieces.get(p);
      for (int n = repeats.get(p); n > 0; n--) {
        chunk.append(piece);
        if (chunk.length() >= PRINTED_CHUNK) {
          out.print(chunk);
          chunk.setLength(0);
        }
      }
    }
    out.print(chunk.append(tail));
  }
}
