package dev.ksim.scaling;

/**
 * How long to time each figure: unmeasured warm-up batches, measured samples of {@code batch}
 * packets each, and warm-up and measured runs of each sync. The real sweep warms each probe's
 * packets up with 20,000 sends, all probes' in turn before any is timed: about 1.5 s of CPU a row.
 * With 2,000 the JIT was still compiling (or compiling again, after the settle's own use of the
 * same code) the packet path while the first rows were timed, and ipvs' cells moved by 3-4x between
 * rows of one sweep.
 *
 * @param warmups warm-up batches of each probe's packets, before any is timed
 * @param samples measured batches per packet timing
 * @param batch packets per batch
 * @param syncWarmups unmeasured runs of each sync
 * @param syncSamples measured runs of each sync
 */
public record Effort(int warmups, int samples, int batch, int syncWarmups, int syncSamples) {
  /** A smoke run: enough to exercise every figure, too short to trust the times. */
  public static final Effort QUICK = new Effort(1, 3, 10, 0, 1);

  /** The real sweep. */
  public static final Effort FULL = new Effort(200, 21, 100, 1, 3);

  /**
   * This effort without the syncs' unmeasured runs, for a mode's later sizes: its first size has
   * already run (and the JIT compiled) the same sync code, and a sync's warm-up run costs as much
   * as a measured one, seconds at tens of thousands of Services.
   */
  public Effort withoutSyncWarmups() {
    return new Effort(warmups, samples, batch, 0, syncSamples);
  }
}
