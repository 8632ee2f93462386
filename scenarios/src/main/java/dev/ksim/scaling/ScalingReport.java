package dev.ksim.scaling;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The sweep behind {@code ksim bench}: every size, smallest first, in every mode, one {@link
 * BenchRow} each, written to {@code results.csv} as it comes; then {@code results.md} and the
 * charts. Stopped by Ctrl-C, it still writes the Markdown and charts of the rows it has. A mode
 * that runs out of heap at one size is not tried at larger ones. Only a mode's first size runs the
 * syncs' warm-ups ({@link Effort#withoutSyncWarmups}).
 *
 * @param modes the modes, in report order
 * @param services the sizes
 * @param endpoints endpoints per Service
 * @param effort how long to time each figure
 * @param costs the kernel's per-unit costs
 * @param out the output directory
 */
public record ScalingReport(
    List<String> modes,
    List<Integer> services,
    int endpoints,
    Effort effort,
    KernelCosts costs,
    Path out) {
  public ScalingReport {
    modes = List.copyOf(modes);
    services = List.copyOf(new TreeSet<>(services));
  }

  /** Runs the sweep, with progress on {@code progress}; returns the rows. */
  public List<BenchRow> run(PrintStream progress) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<BenchRow> rows = new ArrayList<>();
    Thread interrupted = new Thread(() -> finish(snapshot(rows), false), "ksim-bench-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    TreeSet<String> outOfHeap = new TreeSet<>();
    TreeSet<String> warmedUp = new TreeSet<>();
    int total = modes.size() * services.size();
    int done = 0;
    try (ResultsCsv csv = new ResultsCsv(out.resolve("results.csv"), costs)) {
      for (int size : services) {
        for (String mode : modes) {
          bar(progress, done, total, mode + " at " + size + " Services");
          done++;
          if (outOfHeap.contains(mode)) {
            continue;
          }
          ModeSeries series =
              ModeSeriesRegistry.named(mode)
                  .orElseThrow(() -> new IllegalArgumentException("no series for mode " + mode));
          try {
            BenchRow row =
                series.measure(
                    new ServiceWorkload(size, endpoints, mode),
                    warmedUp.add(mode) ? effort : effort.withoutSyncWarmups());
            csv.write(row);
            synchronized (rows) {
              rows.add(row);
            }
          } catch (OutOfMemoryError e) {
            outOfHeap.add(mode);
            progress.printf(
                Locale.ROOT,
                "%n%s at %d Services: out of heap (max %d MiB); larger sizes skipped%n",
                mode,
                size,
                Runtime.getRuntime().maxMemory() >> 20);
          }
        }
      }
      bar(progress, total, total, "done");
      progress.println();
    }
    Runtime.getRuntime().removeShutdownHook(interrupted);
    finish(rows, true);
    return rows;
  }

  private static List<BenchRow> snapshot(List<BenchRow> rows) {
    synchronized (rows) {
      return List.copyOf(rows);
    }
  }

  private void finish(List<BenchRow> rows, boolean complete) {
    try {
      Files.writeString(
          out.resolve("results.md"),
          ResultsMarkdown.render(rows, modes, endpoints, costs, complete),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!rows.isEmpty()) {
      Charts.write(rows, modes, costs, out);
    }
  }

  private static void bar(PrintStream progress, int done, int total, String what) {
    int width = 30;
    int filled = total == 0 ? width : done * width / total;
    progress.print(
        "\r["
            + "#".repeat(filled)
            + ".".repeat(width - filled)
            + "] "
            + done
            + "/"
            + total
            + " "
            + Objects.requireNonNull(what)
            + "          ");
    progress.flush();
  }
}
