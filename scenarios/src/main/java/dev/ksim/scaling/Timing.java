package dev.ksim.scaling;

import java.util.Arrays;

/**
 * A measured time on this machine, in nanoseconds per operation: the median of many samples and the
 * spread between their first and third quartiles. Measurements, so never compared byte for byte and
 * never asserted.
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
    for (int i = 0; i < warmups * batch; i++) {
      operation.run();
    }
    double[] perRun = new double[samples];
    for (int s = 0; s < samples; s++) {
      long start = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        operation.run();
      }
      perRun[s] = (System.nanoTime() - start) / (double) batch;
    }
    Arrays.sort(perRun);
    return new Timing(
        perRun[samples / 2], perRun[samples / 4], perRun[Math.min(samples - 1, samples * 3 / 4)]);
  }
}
