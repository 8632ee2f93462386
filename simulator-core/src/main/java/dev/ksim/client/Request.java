package dev.ksim.client;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.IpPort;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * One request of a run: what its first packet came to and, when the run traces its requests, that
 * packet's trace; neither when the client's kernel had no local port left for the destination
 * (every one still in TIME_WAIT: {@code connect} fails with {@code EADDRNOTAVAIL} and nothing is
 * sent).
 *
 * @param target where it was sent
 * @param outcome what the first packet came to, or null when nothing was sent
 * @param trace the first packet's trace when the run traces its requests and one was sent, else
 *     null
 */
public record Request(IpPort target, @Nullable PacketOutcome outcome, @Nullable Trace trace) {
  public Request {
    checkArgument(trace == null || outcome != null, "a traced request has an outcome");
  }

  /** A traced request: its outcome read from {@code trace} (null when nothing was sent). */
  public static Request traced(IpPort target, @Nullable Trace trace) {
    return new Request(target, trace == null ? null : trace.outcome(), trace);
  }
}
