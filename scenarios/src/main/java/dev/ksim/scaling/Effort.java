package dev.ksim.scaling;

/**
 * How long to time each figure: warm-up rounds and timed rounds of a row's packets ({@link
 * RoundRobinTiming}: each round one batch of {@code batch} packets of every probe), and warm-up and
 * measured runs of each sync. The real sweep warms each probe's packets up with 20,000 sends, all
 * probes' in turn before any is timed: about 1.5 s of CPU a row. With 2,000 the JIT was still
 * compiling (or compiling again, after the settle's own use of the same code) the packet path while
 * the first rows were timed, and ipvs' cells moved by 3-4x between rows of one sweep. It then times
 * 201 rounds: each probe's batches are spread over the row's whole timed stretch (ipvs: about 0.13
 * s of CPU), where one probe's 21 batches timed one after the other (about 6 ms) let one disturbed
 * stretch carry its median.
 *
 * @param warmups warm-up rounds, before any packet is timed
 * @param samples timed rounds: batches per probe, over which the median is taken
 * @param batch packets per batch
 * @param syncWarmups unmeasured runs of each sync
 * @param syncSamples measured runs of each sync
 */
public record Effort(int warmups, int samples, int batch, int syncWarmups, int syncSamples) {
  /** A smoke run: enough to exercise every figure, too short to trust the times. */
  public static final Effort QUICK = new Effort(1, 3, 10, 0, 1);

  /** The real sweep. */
  public static final Effort FULL = new Effort(400, 201, 50, 1, 3);

  /**
   * This effort without the syncs' unmeasured runs, for a mode's later sizes: its first size has
   * already run (and the JIT compiled) the same sync code, and a sync's warm-up run costs as much
   * as a measured one, seconds at tens of thousands of Services.
   */
  public Effort withoutSyncWarmups() {
    return new Effort(warmups, samples, batch, 0, syncSamples);
  }
}
