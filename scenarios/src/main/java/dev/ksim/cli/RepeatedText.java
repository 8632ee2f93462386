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

  /** A piece and how many times in a row it was written. */
  private static final class Run {
    final String piece;
    int times = 1;

    Run(String piece) {
      this.piece = piece;
    }
  }

  private final List<Run> runs = new ArrayList<>();

  /** Adds {@code piece} after what is held. */
  void append(String piece) {
    Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (last != null && last.piece.equals(piece)) {
      last.times++;
    } else {
      runs.add(new Run(piece));
    }
  }

  /**
   * Adds {@code line} and a line end after what is held; a line that repeats the last one is
   * counted without building the piece.
   */
  void appendLine(String line) {
    Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (last != null
        && last.piece.length() == line.length() + 1
        && last.piece.charAt(line.length()) == '\n'
        && last.piece.startsWith(line)) {
      last.times++;
    } else {
      runs.add(new Run(line + "\n"));
    }
  }

  /** Prints what is held to {@code out}, then {@code tail}. */
  void print(PrintStream out, CharSequence tail) {
    StringBuilder chunk = new StringBuilder();
    for (Run run : runs) {
      for (int n = run.times; n > 0; n--) {
        chunk.append(run.piece);
        if (chunk.length() >= PRINTED_CHUNK) {
          out.print(chunk);
          chunk.setLength(0);
        }
      }
    }
    out.print(chunk.append(tail));
  }
}
