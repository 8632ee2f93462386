package dev.ksim.scaling;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One mode's rows of the sweep, measured in a JVM of its own, started for the mode and gone with
 * it:
 *
 * <ul>
 *   <li>memory: the mode's clusters and the process-wide caches its rows fill (the iptables
 *       restore's parsed rules, nftables' parsed lines, up to a million entries each) go with the
 *       process, so one mode's entries never stay through another mode's rows, and the sweep's heap
 *       is bounded by its largest mode;
 *   <li>timing: that JVM runs the parallel collector. G1 shrinks its young generation after each
 *       row's full collection for the heap figure to a few dozen MB, so young collections came
 *       every second or so while the packets were timed, and moved the cells by 2x between rows;
 *       the parallel collector keeps its generations, and they are sized from the start: the heap
 *       starts at its maximum, as a young generation sized for a small heap collected so often
 *       during the first rows that ipvs' 100-Service row was the slowest (5.3 against 2.9-3.2 us
 *       first packets at 20,000 and 50,000; 3.0-3.4 us at every size with the heap started at its
 *       maximum). It compiles in the foreground ({@code -Xbatch}): a method the warm-up makes hot
 *       is compiled before the warm-up goes on, not while the packets are timed (nftables' first
 *       Service: 3.8 us at 100 Services against 1.3 us at 1,000 with background compilation, 2.6
 *       against 1.4 us in the foreground);
 *   <li>a mode that runs out of heap ends its process, and the sweep goes on with the next mode.
 * </ul>
 *
 * One process per mode rather than per row: a new JVM compiles the simulator again, about 7 s of
 * CPU at 20,000 Services, against a row that then costs 12 s. The JVM is this one's ({@code
 * java.home}, {@code java.class.path}) with its heap and stack sizes. The process writes each row
 * to its standard output as a {@link RowLine} after {@value #ROW}, as soon as it is measured.
 */
public final class ModeProcess implements AutoCloseable {
  /** The exit status of a mode's process that ran out of heap. */
  static final int OUT_OF_HEAP = 3;

  /** What starts a row's line on the process's standard output. */
  private static final String ROW = "row ";

  /** Options of this JVM the mode's JVM is given too: heap and stack sizes. */
  private static final List<String> PASSED_ON = List.of("-Xmx", "-Xms", "-Xss", "-XX:MaxRAM");

  /** How many rows a mode's process measures and drops before its first (see {@link #main}). */
  private static final int WARM_UP_ROWS = 2;

  /** The size of those rows, unless the smallest row asked for is smaller. */
  private static final int WARM_UP_SERVICES = 100;

  /** How long {@link #close} waits for the process to exit. */
  private static final long EXIT_SECONDS = 10;

  private final String mode;
  private final Process process;
  private final BufferedReader rows;

  private ModeProcess(String mode, Process process) {
    this.mode = mode;
    this.process = process;
    this.rows =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts measuring {@code mode} at each of {@code services} (smallest first) with {@code
   * endpoints} per Service and {@code effort}; its progress and errors go to this process's stderr.
   */
  public static ModeProcess start(
      String mode, List<Integer> services, int endpoints, Effort effort) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the heap starts at its maximum (unless this JVM was given -Xms, passed on after it): see the
    // class comment
    command.add("-Xms" + Runtime.getRuntime().maxMemory());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (PASSED_ON.stream().anyMatch(option::startsWith)) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-XX:+UseParallelGC",
            "-Xbatch",
            "-cp",
            System.getProperty("java.class.path"),
            ModeProcess.class.getName(),
            mode,
            Integer.toString(endpoints),
            Integer.toString(effort.warmups()),
            Integer.toString(effort.samples()),
            Integer.toString(effort.batch()),
            Integer.toString(effort.syncWarmups()),
            Integer.toString(effort.syncSamples())));
    services.forEach(size -> command.add(Integer.toString(size)));
    try {
      return new ModeProcess(
          mode, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The next row, once measured; empty when the process ran out of heap before it.
   *
   * @throws IllegalStateException when the process failed otherwise, or ended without the row
   */
  public Optional<BenchRow> next() throws InterruptedException {
    try {
      for (String line = rows.readLine(); line != null; line = rows.readLine()) {
        if (line.startsWith(ROW)) {
          return Optional.of(RowLine.decode(line.substring(ROW.length())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int status = process.waitFor();
    if (status == OUT_OF_HEAP) {
      return Optional.empty();
    }
    throw new IllegalStateException(
        mode + ": the mode's process ended (status " + status + ") before its next row");
  }

  /**
   * Waits a little for the process to end on its own (after its last row it only exits), so that
   * its CPU time counts as this process's child's; then ends it, if it still runs.
   */
  @Override
  public void close() {
    try {
      if (process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
  }

  /** Ends the process at once, if it still runs (the sweep was stopped). */
  public void stop() {
    process.destroy();
  }

  /**
   * A mode's process: measures the rows its arguments name ({@code MODE ENDPOINTS WARMUPS SAMPLES
   * BATCH SYNC_WARMUPS SYNC_SAMPLES SERVICES...}), smallest first, and writes each to stdout; on
   * stderr what each row cost. Only the dropped rows run the syncs' warm-ups ({@link
   * Effort#withoutSyncWarmups}). Exits with {@link #OUT_OF_HEAP} when the heap ran out.
   */
  public static void main(String[] args) {
    String mode = args[0];
    int endpoints = Integer.parseInt(args[1]);
    Effort effort =
        new Effort(
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]),
            Integer.parseInt(args[5]),
            Integer.parseInt(args[6]));
    ModeSeries series =
        ModeSeriesRegistry.named(mode)
            .orElseThrow(() -> new IllegalArgumentException("no series for mode " + mode));
    PrintStream out = System.out;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // Rows measured and dropped before the first one kept. The JIT: in a fresh process the first
    // two rows' packets were 2-4x slower than the later rows' (nftables at 100 Services 5.7 us,
    // the same row again 2.8 us, the next at 1,000 Services 1.3 us, as at 5,000), the packet path
    // and the syncs still being compiled while they were timed. The heap: what the process builds
    // once (classes and their statics, the model's shared tables) is built by these rows, so the
    // first kept row's heap per Service counts its own cluster only.
    ServiceWorkload warmUp =
        new ServiceWorkload(Math.min(WARM_UP_SERVICES, Integer.parseInt(args[7])), endpoints, mode);
    for (int i = 0; i < WARM_UP_ROWS; i++) {
      series.measure(warmUp, effort);
    }
    effort = effort.withoutSyncWarmups();
    for (int i = 7; i < args.length; i++) {
      int services = Integer.parseInt(args[i]);
      long wall = System.nanoTime();
      long cpu = os.getProcessCpuTime();
      HeapUse.resetPeak();
      BenchRow row;
      try {
        row = series.measure(new ServiceWorkload(services, endpoints, mode), effort);
      } catch (OutOfMemoryError e) {
        System.exit(OUT_OF_HEAP);
        return;
      }
      // the cost first: once the last row is read, the sweep ends this process
      System.err.printf(
          Locale.ROOT,
          "%n%s at %d Services: %.1f s wall, %.1f s CPU (all threads), peak heap %d MiB%n",
          mode,
          services,
          (System.nanoTime() - wall) / 1e9,
          (os.getProcessCpuTime() - cpu) / 1e9,
          HeapUse.peakMib());
      out.println(ROW + RowLine.encode(row));
      out.flush();
    }
  }
}
