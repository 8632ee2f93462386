package dev.ksim.scaling;

import java.util.Arrays;

/**
 * A measured time on this machine, in nanoseconds of the measuring thread's CPU time per operation
 * ({@link CpuTime}: the simulation runs on that one thread, and on a machine shared with other work
 * its wall time mostly measures the wait for a core): the median of many samples and the spread
 * between their first and third quartiles. Measurements, so never compared byte for byte and never
 * asserted.
 *
 * @param medianNanos the median sample
 * @param q1Nanos the first quartile
 * @param q3Nanos the third quartile
 */
public record Timing(double medianNanos, double q1Nanos, double q3Nanos) {
  /** Half the interquartile range, as a ± figure. */
  public double spreadNanos() {
    return (q3Nanos - q1Nanos) / 2;
  }

  /**
   * Times {@code operation}: {@code warmups} unmeasured runs, then {@code samples} samples of
   * {@code batch} runs each (a batch long enough to rise above the timer's resolution).
   */
  public static Timing measure(int warmups, int samples, int batch, Runnable operation) {
    warmUp(warmups * batch, operation);
    double[] perRun = new double[samples];
    for (int s = 0; s < samples; s++) {
      long start = CpuTime.ofThisThread();
      for (int i = 0; i < batch; i++) {
        operation.run();
      }
      perRun[s] = (CpuTime.ofThisThread() - start) / (double) batch;
    }
    return of(perRun);
  }

  /** The median and quartiles of {@code samples}, which it sorts. */
  static Timing of(double[] samples) {
    Arrays.sort(samples);
    int n = samples.length;
    return new Timing(samples[n / 2], samples[n / 4], samples[Math.min(n - 1, n * 3 / 4)]);
  }

  /** Runs {@code operation} {@code runs} times, unmeasured. */
  public static void warmUp(int runs, Runnable operation) {
    for (int i = 0; i < runs; i++) {
      operation.run();
    }
  }
}
