package dev.ksim.sim;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time. It starts at a fixed instant (so timestamps in output do not depend on when ksim
 * runs) and only moves forward, when the {@link EventLoop} reaches the next event.
 */
public final class SimClock {
  /** The wall-clock instant that simulated time zero maps to in timestamps. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private long nowMillis;
  private long timestampMillis = -1;
  private String timestamp = "";

  /** Milliseconds since simulated time zero. */
  public long nowMillis() {
    return nowMillis;
  }

  /** The current simulated instant, for object timestamps. */
  public Instant now() {
    return EPOCH.plusMillis(nowMillis);
  }

  /**
   * The current simulated instant as objects' timestamps write it ({@link Instant#toString}): one
   * String while the clock stands still, however many objects are stamped meanwhile.
   */
  public String timestamp() {
    if (timestampMillis != nowMillis) {
      timestamp = now().toString();
      timestampMillis = nowMillis;
    }
    return timestamp;
  }

  /** Simulated time elapsed since {@code instant}. */
  public Duration since(Instant instant) {
    return Duration.between(instant, now());
  }

  void advanceTo(long millis) {
    checkArgument(millis >= nowMillis, "time cannot go back: %s < %s", millis, nowMillis);
    nowMillis = millis;
  }
}
