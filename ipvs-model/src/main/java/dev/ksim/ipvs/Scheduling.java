package dev.ksim.ipvs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.hook.HookRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What IPVS decided for one packet, in the words a trace shows: the virtual service it matched, who
 * chose the real server (the scheduler, a persistence template, an existing connection entry), the
 * real server and how the packet was handed to it, and every real server the scheduler could have
 * chosen.
 *
 * @param service the virtual service
 * @param scheduler the service's scheduler
 * @param decidedBy who chose the real server
 * @param realServer the real server (address and the port the packet goes to), or null
 * @param forward how the packet goes to it, or null
 * @param lines what happened, one sentence per line
 * @param candidates every real server the scheduler could have chosen for this packet
 */
public record Scheduling(
    ServiceKey service,
    String scheduler,
    DecidedBy decidedBy,
    @Nullable IpPort realServer,
    @Nullable ForwardMethod forward,
    List<String> lines,
    Set<IpPort> candidates)
    implements HookRecord {

  /** Who chose the real server. */
  public enum DecidedBy {
    /** The scheduler, for a new connection. */
    SCHEDULER,
    /** A persistence template of the client. */
    TEMPLATE,
    /** The packet belongs to a connection IPVS already has. */
    CONNECTION,
    /** No real server was usable: dropped, ICMP port unreachable. */
    NO_DESTINATION,
    /** A real server's reply on a masqueraded connection. */
    REPLY
  }

  public Scheduling {
    lines = ImmutableList.copyOf(lines);
    candidates = ImmutableSortedSet.copyOf(candidates);
  }

  @Override
  public Map<String, String> facts() {
    ImmutableMap.Builder<String, String> facts = ImmutableMap.builder();
    facts.put("virtualService", service.toString());
    facts.put("scheduler", scheduler);
    facts.put("decidedBy", decidedBy.name().toLowerCase(Locale.ROOT));
    if (realServer != null) {
      facts.put("realServer", realServer.toString());
    }
    if (forward != null) {
      facts.put("forward", forward.listName());
    }
    return facts.buildOrThrow();
  }

  @Override
  public @Nullable IpPort endpoint() {
    return decidedBy == DecidedBy.REPLY ? null : realServer;
  }
}
