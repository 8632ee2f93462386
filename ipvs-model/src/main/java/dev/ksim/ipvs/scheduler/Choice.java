package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import org.jspecify.annotations.Nullable;

/**
 * What a scheduler chose for one packet.
 *
 * @param server the real server, or null when no destination is available
 * @param reason why, in words ({@code rr chose 10.244.1.3:80 (next after 10.244.2.4:80)}); null
 *     when not asked for
 */
public record Choice(@Nullable RealServer server, @Nullable String reason) {}
