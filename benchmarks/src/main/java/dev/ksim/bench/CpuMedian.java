package dev.ksim.bench;

import dev.ksim.scaling.CpuTime;
import java.util.Arrays;

/** Medians of CPU time of the measuring thread, for the one-shot reports beside JMH. */
final class CpuMedian {
  /** Each round runs for about this much CPU time, whatever one call costs. */
  private static final long ROUND_NANOS = 200_000_000L;

  private static final int WARM_UP_CALLS = 2_000;

  private static final int CALIBRATION_CALLS = 100;

  private CpuMedian() {}

  /**
   * The median CPU nanoseconds per call over {@code rounds} rounds, after two rounds of warm-up; a
   * round makes as many calls as fit in {@link #ROUND_NANOS} by a count taken after a warm-up.
   */
  static double perCall(int rounds, Runnable packet) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      packet.run();
    }
    long calibration = CpuTime.ofThisThread();
    for (int i = 0; i < CALIBRATION_CALLS; i++) {
      packet.run();
    }
    long once = Math.max(1, (CpuTime.ofThisThread() - calibration) / CALIBRATION_CALLS);
    int calls = (int) Math.max(CALIBRATION_CALLS, Math.min(10_000_000, ROUND_NANOS / once));
    double[] perCall = new double[rounds];
    for (int round = -2; round < rounds; round++) {
      long start = CpuTime.ofThisThread();
      for (int i = 0; i < calls; i++) {
        packet.run();
      }
      if (round >= 0) {
        perCall[round] = (CpuTime.ofThisThread() - start) / (double) calls;
      }
    }
    Arrays.sort(perCall);
    return perCall[rounds / 2];
  }

  /** The median of {@code values}. */
  static double of(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
