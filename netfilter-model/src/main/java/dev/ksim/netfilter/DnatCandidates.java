package dev.ksim.netfilter;

import com.google.common.collect.ImmutableSortedSet;
import dev.ksim.net.IpPort;
import java.util.Set;

/**
 * Every destination a nat table could DNAT a first packet to, found by walking the table once per
 * combination of {@code statistic} outcomes. A ruleset whose random matches multiply beyond {@link
 * #MAX_WALKS} walks (kube-proxy's never do: one walk per endpoint) is not explored further, and the
 * result says so.
 *
 * @param endpoints the destinations found, in address order
 * @param complete whether every combination was walked
 */
public record DnatCandidates(Set<IpPort> endpoints, boolean complete) {
  /** The most walks of the nat table one search makes. */
  public static final int MAX_WALKS = 100_000;

  public DnatCandidates {
    endpoints = ImmutableSortedSet.copyOf(endpoints);
  }
}
