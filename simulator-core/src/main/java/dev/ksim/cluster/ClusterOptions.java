package dev.ksim.cluster;

import dev.ksim.config.Latencies;
import dev.ksim.sim.QuietBounds;
import dev.ksim.sim.SimRandom;

/**
 * How to run a simulated cluster.
 *
 * @param seed the seed of the run's random source
 * @param latencies the control plane's reaction times
 * @param bounds how long "run until quiet" may go on
 * @param dataPlane whether nodes get kernels and kube-proxies (off: the control plane alone, for
 *     measuring it)
 */
public record ClusterOptions(
    long seed, Latencies latencies, QuietBounds bounds, boolean dataPlane) {
  public static final ClusterOptions DEFAULT =
      new ClusterOptions(SimRandom.DEFAULT_SEED, Latencies.DEFAULT, QuietBounds.DEFAULT, true);

  public ClusterOptions withSeed(long newSeed) {
    return new ClusterOptions(newSeed, latencies, bounds, dataPlane);
  }

  /** The same options without node kernels and kube-proxies. */
  public ClusterOptions withoutDataPlane() {
    return new ClusterOptions(seed, latencies, bounds, false);
  }
}
