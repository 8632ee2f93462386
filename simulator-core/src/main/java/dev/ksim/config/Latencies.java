package dev.ksim.config;

import java.time.Duration;

/**
 * How long each part of the control plane takes to react, in simulated time. The defaults are of
 * the order a small real cluster shows; a scenario can change them to make races visible.
 *
 * @param watch from a write to its delivery to watchers
 * @param controller from an event to a controller's reconcile
 * @param scheduling from a pod's creation to its binding
 * @param containerStart from binding to the containers running (image pull and start)
 * @param containerStop from a deletion to the containers exiting (bounded by the grace period)
 * @param garbageCollection from an owner's deletion to its dependents' deletion
 * @param endpointSliceBatch the EndpointSlice controller's batching of pod changes
 */
public record Latencies(
    Duration watch,
    Duration controller,
    Duration scheduling,
    Duration containerStart,
    Duration containerStop,
    Duration garbageCollection,
    Duration endpointSliceBatch) {
  public static final Latencies DEFAULT =
      new Latencies(
          Duration.ofMillis(5),
          Duration.ofMillis(20),
          Duration.ofMillis(10),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          Duration.ofMillis(50),
          Duration.ofMillis(50));
}
