package dev.ksim.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code results.csv}: one line per mode and size, written (and flushed) as each row is measured,
 * so an interrupted sweep keeps the rows it has. Counted columns are deterministic; {@code
 * kernel_est_ns} is counted work times the per-unit costs; the {@code ksim_} and sync columns are
 * this machine's measurements.
 */
public final class ResultsCsv implements AutoCloseable {
  private final Writer out;
  private final KernelCosts costs;

  public ResultsCsv(Path file, KernelCosts costs) {
    this.costs = costs;
    try {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write(String.join(",", header()) + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The column names. */
  public static List<String> header() {
    List<String> columns = new ArrayList<>(List.of("mode", "services", "endpoints", "source"));
    for (Probe probe : Probe.values()) {
      String p = probe.word();
      columns.addAll(
          List.of(
              p + "_rules",
              p + "_lookups",
              p + "_conntrack_lookups",
              p + "_kernel_est_ns",
              p + "_ksim_ns_median",
              p + "_ksim_ns_spread"));
    }
    columns.addAll(
        List.of(
            "full_sync_ms_median",
            "full_sync_ms_spread",
            "endpoint_change_sync_ms_median",
            "endpoint_change_sync_ms_spread",
            "heap_bytes_per_service"));
    return columns;
  }

  /** Appends one row and flushes it. */
  public void write(BenchRow row) {
    List<String> cells =
        new ArrayList<>(
            List.of(
                row.mode(),
                Integer.toString(row.services()),
                Integer.toString(row.endpoints()),
                row.source()));
    for (Probe probe : Probe.values()) {
      CountedWork work = row.counted(probe);
      Timing time = row.ksimTime(probe);
      cells.add(Long.toString(work.rules()));
      cells.add(Long.toString(work.lookups()));
      cells.add(Long.toString(work.conntrackLookups()));
      cells.add(number(costs.estimateNanos(row.mode(), work)));
      cells.add(number(time.medianNanos()));
      cells.add(number(time.spreadNanos()));
    }
    cells.add(millis(row.fullSync(), false));
    cells.add(millis(row.fullSync(), true));
    cells.add(millis(row.partialSync(), false));
    cells.add(millis(row.partialSync(), true));
    cells.add(Long.toString(row.heapBytesPerService()));
    try {
      out.write(String.join(",", cells) + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String number(@Nullable Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String millis(@Nullable Timing timing, boolean spread) {
    if (timing == null) {
      return "";
    }
    return number((spread ? timing.spreadNanos() : timing.medianNanos()) / 1e6);
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
