package dev.ksim.netfilter.host;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of one packet in a host.
 *
 * @param packet the packet as it entered
 * @param outcome how it ended
 * @param events what happened, in order
 * @param endpoint where a DNAT sent it, or null
 * @param masqueraded whether its source was rewritten
 * @param last the packet as it left the host or was delivered (or where it stopped)
 */
public record HostJourney(
    Packet packet,
    Outcome outcome,
    List<HostEvent> events,
    @Nullable IpPort endpoint,
    boolean masqueraded,
    Packet last) {

  /** How a packet's journey ended. */
  public enum Outcome {
    /** Accepted for local delivery. */
    DELIVERED_LOCALLY,
    /** Routed out of the host. */
    FORWARDED,
    /** A rule or policy dropped it. */
    DROPPED,
    /** A REJECT rule answered it. */
    REJECTED,
    /** The kernel discarded it before or after the rules (martian, no route). */
    DISCARDED
  }

  public HostJourney {
    events = ImmutableList.copyOf(events);
  }
}
