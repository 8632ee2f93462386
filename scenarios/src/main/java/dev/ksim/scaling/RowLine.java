package dev.ksim.scaling;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BenchRow} as one line of words, the form in which a mode's process ({@link ModeProcess})
 * hands it back to the sweep: every figure exactly ({@link Double#toString}), a sync that was not
 * measured as {@code -}.
 */
final class RowLine {
  private static final String NONE = "-";

  private RowLine() {}

  /** The row as a line. */
  static String encode(BenchRow row) {
    StringJoiner words = new StringJoiner(" ");
    words
        .add(row.mode())
        .add(Integer.toString(row.services()))
        .add(Integer.toString(row.endpoints()))
        .add(row.source())
        .add(Long.toString(row.heapBytesPerService()));
    for (Probe probe : Probe.values()) {
      CountedWork work = row.counted(probe);
      words
          .add(Long.toString(work.rules()))
          .add(Long.toString(work.lookups()))
          .add(Long.toString(work.conntrackLookups()));
      timing(row.ksimTime(probe), words);
    }
    timing(row.fullSync(), words);
    timing(row.partialSync(), words);
    return words.toString();
  }

  /** The row {@link #encode} wrote as {@code line}. */
  static BenchRow decode(String line) {
    Words words = new Words(line.split(" ", -1));
    String mode = words.next();
    int services = Integer.parseInt(words.next());
    int endpoints = Integer.parseInt(words.next());
    String source = words.next();
    long heap = Long.parseLong(words.next());
    Map<Probe, CountedWork> counted = new EnumMap<>(Probe.class);
    Map<Probe, Timing> times = new EnumMap<>(Probe.class);
    for (Probe probe : Probe.values()) {
      counted.put(
          probe,
          new CountedWork(
              Long.parseLong(words.next()),
              Long.parseLong(words.next()),
              Long.parseLong(words.next())));
      Timing time = words.timing();
      if (time == null) {
        throw new IllegalArgumentException("no time for " + probe.word() + ": " + line);
      }
      times.put(probe, time);
    }
    Timing full = words.timing();
    Timing partial = words.timing();
    if (words.hasNext()) {
      throw new IllegalArgumentException("words left over: " + line);
    }
    return new BenchRow(mode, services, endpoints, counted, times, full, partial, heap, source);
  }

  private static void timing(@Nullable Timing timing, StringJoiner words) {
    if (timing == null) {
      words.add(NONE).add(NONE).add(NONE);
    } else {
      words
          .add(Double.toString(timing.medianNanos()))
          .add(Double.toString(timing.q1Nanos()))
          .add(Double.toString(timing.q3Nanos()));
    }
  }

  /** The line's words, read in order. */
  private static final class Words {
    private final String[] words;
    private int next;

    Words(String[] words) {
      this.words = words;
    }

    boolean hasNext() {
      return next < words.length;
    }

    String next() {
      if (!hasNext()) {
        throw new IllegalArgumentException("row line too short: " + String.join(" ", words));
      }
      return words[next++];
    }

    @Nullable Timing timing() {
      String median = next();
      String q1 = next();
      String q3 = next();
      if (median.equals(NONE)) {
        return null;
      }
      return new Timing(Double.parseDouble(median), Double.parseDouble(q1), Double.parseDouble(q3));
    }
  }
}
