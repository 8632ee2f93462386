package dev.ksim.netfilter.hook;

import com.google.common.collect.ImmutableSortedSet;
import dev.ksim.net.IpPort;
import java.util.Set;

/**
 * Every destination a host's nat rules could DNAT a first packet to, found by walking the rules
 * once for each combination of random draws ({@code statistic} branches in iptables, {@code numgen}
 * values in nftables). The walks are bounded: when the combinations outnumber {@link #MAX_WALKS},
 * the search stops there and {@link #cut} says the list may be incomplete.
 *
 * @param destinations the destinations found, in address order
 * @param cut whether the search stopped at {@link #MAX_WALKS} walks with combinations left
 */
public record DnatCandidates(Set<IpPort> destinations, boolean cut) {
  /** How many walks of the nat rules one search (iptables' or nftables') makes at most. */
  public static final int MAX_WALKS = 100_000;

  public DnatCandidates {
    destinations = ImmutableSortedSet.copyOf(destinations);
  }
}
