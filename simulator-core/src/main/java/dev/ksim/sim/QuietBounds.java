package dev.ksim.sim;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/**
 * How far "run until quiet" may go before it gives up: a bound in simulated time and one in events
 * processed.
 *
 * @param maxSimulatedTime the longest stretch of simulated time one run may cover
 * @param maxEvents the most events one run may process
 */
public record QuietBounds(Duration maxSimulatedTime, long maxEvents) {
  /** Generous enough for tens of thousands of Services, small enough to stop a storm quickly. */
  public static final QuietBounds DEFAULT = new QuietBounds(Duration.ofHours(6), 50_000_000);

  public QuietBounds {
    checkArgument(!maxSimulatedTime.isNegative(), "maxSimulatedTime must not be negative");
    checkArgument(maxEvents > 0, "maxEvents must be positive: %s", maxEvents);
  }
}
