package dev.ksim.scaling;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * Times several operations (a row's probes) in rounds: each round runs one batch of every
 * operation, starting one operation later than the round before, and each operation's {@link
 * Timing} is taken over its batches. A stretch of disturbance (another process's burst on a shared
 * machine) then falls on a few batches of every operation rather than on all of one operation's,
 * and each median stands.
 *
 * <p>A batch during which the JVM collected garbage or compiled ({@link JvmActivity}) is timed
 * again. The warm-up runs the very rounds that are timed, timings dropped, so that the code timing
 * them is compiled too, and goes on until a whole round passes without the JIT compiling: in a
 * sweep's first rows, after 20,000 packets of each probe, compilations still came in about one
 * timed batch in forty, and took the batch's time per packet from 3-6 us to up to 250 us.
 */
final class RoundRobinTiming {
  private final List<Runnable> operations;
  private final int batch;

  /** Whether the JVM collected garbage or compiled during the last batch. */
  private boolean disturbed;

  private RoundRobinTiming(List<Runnable> operations, int batch) {
    this.operations = operations;
    this.batch = batch;
  }

  /**
   * Times each of {@code operations} over {@code rounds} rounds of one {@code batch} runs each,
   * after at least {@code warmups} (and at most twice as many) such rounds untimed. At most {@code
   * rounds} disturbed batches in all are timed again; a batch disturbed after that is kept.
   */
  static <K> Map<K, Timing> measure(
      Map<K, Runnable> operations, int warmups, int rounds, int batch) {
    RoundRobinTiming timing = new RoundRobinTiming(List.copyOf(operations.values()), batch);
    timing.warmUp(warmups);
    double[][] perRun = timing.rounds(rounds);
    ImmutableMap.Builder<K, Timing> times = ImmutableMap.builder();
    int k = 0;
    for (K key : operations.keySet()) {
      times.put(key, Timing.of(perRun[k++]));
    }
    return times.buildOrThrow();
  }

  private void warmUp(int warmups) {
    for (int round = 0; round < warmups; round++) {
      for (Runnable operation : operations) {
        time(operation);
      }
    }
    for (int round = 0; round < warmups; round++) {
      JvmActivity before = JvmActivity.now();
      for (Runnable operation : operations) {
        time(operation);
      }
      if (!JvmActivity.now().compiledSince(before)) {
        return;
      }
    }
  }

  private double[][] rounds(int rounds) {
    int n = operations.size();
    double[][] perRun = new double[n][rounds];
    int retries = rounds;
    for (int round = 0; round < rounds; round++) {
      for (int turn = 0; turn < n; turn++) {
        int k = (round + turn) % n;
        double time = time(operations.get(k));
        while (disturbed && retries-- > 0) {
          time = time(operations.get(k));
        }
        perRun[k][round] = time;
      }
    }
    return perRun;
  }

  /** One batch of {@code operation}: CPU time of this thread per run. */
  private double time(Runnable operation) {
    JvmActivity before = JvmActivity.now();
    long start = CpuTime.ofThisThread();
    Timing.warmUp(batch, operation);
    long cpu = CpuTime.ofThisThread() - start;
    disturbed = !JvmActivity.now().equals(before);
    return cpu / (double) batch;
  }
}
