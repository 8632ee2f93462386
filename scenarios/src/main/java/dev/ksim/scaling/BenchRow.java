package dev.ksim.scaling;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of the scaling report: one mode at one size.
 *
 * @param mode kube-proxy's mode
 * @param services Services in the cluster
 * @param endpoints endpoints per Service
 * @param counted the work each probe cost the kernel model (deterministic)
 * @param ksimTime ksim's own time for each probe on this machine
 * @param fullSync ksim's time for kube-proxy's full sync on one node, or null where the series has
 *     no kube-proxy
 * @param partialSync ksim's time from one endpoint change until every node has synced it, or null
 * @param heapBytesPerService heap held by the workload (after a full collection) over {@code
 *     services}
 * @param source where the figures come from ({@code kube-proxy})
 */
public record BenchRow(
    String mode,
    int services,
    int endpoints,
    Map<Probe, CountedWork> counted,
    Map<Probe, Timing> ksimTime,
    @Nullable Timing fullSync,
    @Nullable Timing partialSync,
    long heapBytesPerService,
    String source) {
  public BenchRow {
    counted = ImmutableMap.copyOf(counted);
    ksimTime = ImmutableMap.copyOf(ksimTime);
  }

  /** The counted work of one probe. */
  public CountedWork counted(Probe probe) {
    return Objects.requireNonNull(counted.get(probe), probe::word);
  }

  /** ksim's time for one probe. */
  public Timing ksimTime(Probe probe) {
    return Objects.requireNonNull(ksimTime.get(probe), probe::word);
  }
}
