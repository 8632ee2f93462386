package dev.ksim.netfilter.table;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.SourceMatch;
import java.util.List;

/**
 * The first match of each rule of a chain when it is a plain {@code -s} or {@code -d} of an IPv4
 * prefix, packed into arrays: a walker tests a packet against rule after rule by reading three
 * arrays in order instead of following each rule's objects through memory, and evaluates a rule
 * (from its first match, counting as usual) only when this test passes or cannot tell.
 */
public final class AddressPrefilter {
  private static final byte UNKNOWN = 0;
  private static final byte SOURCE = 1;
  private static final byte DESTINATION = 2;

  private final byte[] kinds;
  private final int[] networks;
  private final int[] masks;

  private AddressPrefilter(byte[] kinds, int[] networks, int[] masks) {
    this.kinds = kinds;
    this.networks = networks;
    this.masks = masks;
  }

  /** The prefilter of {@code rules}. */
  static AddressPrefilter of(List<Rule> rules) {
    byte[] kinds = new byte[rules.size()];
    int[] networks = new int[rules.size()];
    int[] masks = new int[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      List<Match> matches = rules.get(i).matches();
      if (matches.isEmpty()) {
        continue;
      }
      Match first = matches.get(0);
      Cidr cidr = null;
      if (first instanceof SourceMatch source && !source.negated()) {
        cidr = source.cidr();
        kinds[i] = SOURCE;
      } else if (first instanceof DestinationMatch destination && !destination.negated()) {
        cidr = destination.cidr();
        kinds[i] = DESTINATION;
      }
      if (cidr == null || cidr.family() != IpFamily.IPV4) {
        kinds[i] = UNKNOWN;
        continue;
      }
      masks[i] = cidr.prefixLength() == 0 ? 0 : -1 << (32 - cidr.prefixLength());
      networks[i] = (int) cidr.network().low();
    }
    return new AddressPrefilter(kinds, networks, masks);
  }

  /**
   * The first position at or after {@code from} whose rule may pass its first match for an IPv4
   * packet from {@code source} to {@code destination}, or the chain's length: every rule in between
   * certainly fails on its first match. A tight scan over the packed arrays, so that a long chain
   * of {@code -s}/{@code -d} rules costs a few array reads per rule.
   */
  public int firstPassing(int from, int source, int destination) {
    byte[] kinds = this.kinds;
    int[] networks = this.networks;
    int[] masks = this.masks;
    int i = from;
    while (i < kinds.length) {
      byte kind = kinds[i];
      if (kind == UNKNOWN) {
        return i;
      }
      int address = kind == SOURCE ? source : destination;
      if ((address & masks[i]) == networks[i]) {
        return i;
      }
      i++;
    }
    return i;
  }

  /**
   * Whether rule {@code index} certainly fails on its first match for an IPv4 packet from {@code
   * source} to {@code destination} (addresses as 32-bit values).
   */
  public boolean failsFirstMatch(int index, int source, int destination) {
    byte kind = kinds[index];
    if (kind == UNKNOWN) {
      return false;
    }
    int address = kind == SOURCE ? source : destination;
    return (address & masks[index]) != networks[index];
  }
}
