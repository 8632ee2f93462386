package dev.ksim.netfilter.host;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What became of one packet in a host.
 *
 * @param packet the packet as it entered
 * @param outcome how it ended
 * @param events what happened, in order
 * @param endpoint where a DNAT sent it, or null
 * @param candidates every DNAT destination the rules could have chosen
 * @param candidatesCut whether the search for the rules' candidates stopped at its bound ({@link
 *     dev.ksim.netfilter.DnatCandidates#MAX_WALKS} walks), so that {@code candidates} may miss some
 * @param masqueraded whether its source was rewritten
 * @param last the packet as it left the host or was delivered (or where it stopped)
 */
public record HostJourney(
    Packet packet,
    Outcome outcome,
    List<HostEvent> events,
    @Nullable IpPort endpoint,
    Set<IpPort> candidates,
    boolean candidatesCut,
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
    candidates = ImmutableSet.copyOf(candidates);
  }
}
