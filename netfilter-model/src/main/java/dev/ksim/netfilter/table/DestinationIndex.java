package dev.ksim.netfilter.table;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.Match;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where in a chain a packet's destination can matter: the positions of the rules whose first match
 * is {@code -d ADDRESS/32} (or {@code /128}), by address, and the positions of all other rules.
 * kube-proxy's KUBE-SERVICES is one such rule per Service port; a packet to the last of 50,000
 * Services fails the first match of every rule before it. The walker uses this to jump over those
 * rules and counts them as evaluated (each one rule and one match, as the kernel spends them):
 * rules it skips are rules that cannot match, so no counter, verdict or recorded hit changes.
 */
public final class DestinationIndex {
  private static final int[] NONE = new int[0];

  private final Map<IpAddress, int[]> byDestination;
  private final int[] others;
  private final int size;

  private DestinationIndex(Map<IpAddress, int[]> byDestination, int[] others, int size) {
    this.byDestination = byDestination;
    this.others = others;
    this.size = size;
  }

  /** The index of {@code rules}. */
  static DestinationIndex of(List<Rule> rules) {
    Map<IpAddress, List<Integer>> positions = new HashMap<>();
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      IpAddress host = hostDestination(rules.get(i));
      if (host == null) {
        others.add(i);
      } else {
        positions.computeIfAbsent(host, h -> new ArrayList<>()).add(i);
      }
    }
    Map<IpAddress, int[]> byDestination = new HashMap<>();
    positions.forEach((host, list) -> byDestination.put(host, toArray(list)));
    return new DestinationIndex(byDestination, toArray(others), rules.size());
  }

  /** The address of a rule whose first match is a plain {@code -d} of one host, else null. */
  private static @org.jspecify.annotations.Nullable IpAddress hostDestination(Rule rule) {
    if (rule.matches().isEmpty()) {
      return null;
    }
    Match first = rule.matches().get(0);
    if (!(first instanceof DestinationMatch destination) || destination.negated()) {
      return null;
    }
    Cidr cidr = destination.cidr();
    return cidr.prefixLength() == cidr.family().bits() ? cidr.network() : null;
  }

  private static int[] toArray(List<Integer> list) {
    int[] result = new int[list.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = list.get(i);
    }
    return result;
  }

  /** How many rules are indexed by their destination (the rest are always evaluated). */
  public int indexedRules() {
    return size - others.length;
  }

  /**
   * The first position at or after {@code from} whose rule may match a packet to {@code
   * destination}, or the chain's length: every rule in between is a {@code -d} of another host.
   */
  public int next(int from, IpAddress destination) {
    int next = firstAtOrAfter(others, from, size);
    int[] candidates = byDestination.getOrDefault(destination, NONE);
    return Math.min(next, firstAtOrAfter(candidates, from, size));
  }

  private static int firstAtOrAfter(int[] sorted, int from, int otherwise) {
    int at = Arrays.binarySearch(sorted, from);
    int index = at >= 0 ? at : -at - 1;
    return index < sorted.length ? sorted[index] : otherwise;
  }
}
