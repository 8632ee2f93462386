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
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The sweep behind {@code ksim bench}: every mode, in order, at every size, smallest first, one
 * {@link BenchRow} each, written to {@code results.csv} as it comes; then {@code results.md} and
 * the charts. Each mode's rows are measured in a process of its own ({@link ModeProcess}), mode
 * after mode. Stopped by Ctrl-C, it still writes the Markdown and charts of the rows it has. A mode
 * that runs out of heap at one size is not tried at larger ones.
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
    AtomicReference<@Nullable ModeProcess> running = new AtomicReference<>();
    Thread interrupted =
        new Thread(
            () -> {
              ModeProcess process = running.get();
              if (process != null) {
                process.stop();
              }
              finish(snapshot(rows), false);
            },
            "ksim-bench-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    int total = modes.size() * services.size();
    int done = 0;
    try (ResultsCsv csv = new ResultsCsv(out.resolve("results.csv"), costs)) {
      for (String mode : modes) {
        done = measure(mode, done, total, csv, rows, running, progress);
      }
      bar(progress, total, total, "done");
      progress.println();
    }
    Runtime.getRuntime().removeShutdownHook(interrupted);
    finish(rows, true);
    return rows;
  }

  /**
   * Measures {@code mode} at every size in its own process, writing each row as it comes; returns
   * {@code done} plus the rows measured.
   */
  private int measure(
      String mode,
      int done,
      int total,
      ResultsCsv csv,
      List<BenchRow> rows,
      AtomicReference<@Nullable ModeProcess> running,
      PrintStream progress) {
    int measured = done;
    try (ModeProcess process = ModeProcess.start(mode, services, endpoints, effort)) {
      running.set(process);
      for (int size : services) {
        bar(progress, measured, total, mode + " at " + size + " Services");
        Optional<BenchRow> row = process.next();
        if (row.isEmpty()) {
          progress.printf(
              Locale.ROOT,
              "%n%s at %d Services: out of heap (max %d MiB); larger sizes skipped%n",
              mode,
              size,
              Runtime.getRuntime().maxMemory() >> 20);
          break;
        }
        measured++;
        csv.write(row.get());
        synchronized (rows) {
          rows.add(row.get());
        }
      }
      running.set(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the sweep was interrupted", e);
    }
    return measured;
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
