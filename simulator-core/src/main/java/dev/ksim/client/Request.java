package dev.ksim.client;

import dev.ksim.net.IpPort;
import dev.ksim.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * One request of a run: the trace of its first packet, or none when the client's kernel had no
 * local port left for the destination (every one still in TIME_WAIT: {@code connect} fails with
 * {@code EADDRNOTAVAIL} and nothing is sent).
 *
 * @param target where it was sent
 * @param trace the first packet's trace, or null when nothing was sent
 */
public record Request(IpPort target, @Nullable Trace trace) {}
