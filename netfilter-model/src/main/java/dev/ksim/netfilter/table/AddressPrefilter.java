package dev.ksim.netfilter.table;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.match.CommentMatch;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.PortMatch;
import dev.ksim.netfilter.match.PortRange;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.SourceMatch;
import java.util.List;

/**
 * The leading matches of each rule of a chain packed into arrays, when they are a plain {@code -s}
 * or {@code -d} of an IPv4 prefix, or a plain {@code -p PROTO} maybe followed (after comments) by
 * its module's {@code --dport PORT[:PORT]}: a walker tests a packet against rule after rule by
 * reading a few arrays in order instead of following each rule's objects through memory, and
 * evaluates a rule (from its first match, counting as usual) only when this test passes or cannot
 * tell. A rule the test rejects is counted as the kernel spends it: one rule, and the matches tried
 * up to the one that failed (comments in between pass and count).
 */
public final class AddressPrefilter {
  private static final byte UNKNOWN = 0;
  private static final byte SOURCE = 1;
  private static final byte DESTINATION = 2;
  private static final byte PROTOCOL = 3;

  private final byte[] kinds;

  /** An address rule's network; a protocol rule's protocol number. */
  private final int[] networks;

  /** An address rule's mask; a protocol rule's destination ports, first in the high half. */
  private final int[] masks;

  /**
   * A protocol rule's matches tried when its port test fails (0: no port test, the rule may pass
   * once its protocol matches).
   */
  private final byte[] portTries;

  private AddressPrefilter(byte[] kinds, int[] networks, int[] masks, byte[] portTries) {
    this.kinds = kinds;
    this.networks = networks;
    this.masks = masks;
    this.portTries = portTries;
  }

  /** The prefilter of {@code rules}. */
  static AddressPrefilter of(List<Rule> rules) {
    byte[] kinds = new byte[rules.size()];
    int[] networks = new int[rules.size()];
    int[] masks = new int[rules.size()];
    byte[] portTries = new byte[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      List<Match> matches = rules.get(i).matches();
      if (matches.isEmpty()) {
        continue;
      }
      Match first = matches.get(0);
      if (first instanceof ProtocolMatch protocol && !protocol.negated()) {
        kinds[i] = PROTOCOL;
        networks[i] = protocol.protocol().number();
        int port = portMatchAfterComments(matches);
        if (port > 0
            && matches.get(port) instanceof PortMatch ports
            && ports.protocol() == protocol.protocol()
            && plainDestinationPorts(ports)
            && port < Byte.MAX_VALUE) {
          PortRange range = ports.destinationPorts();
          if (range != null) {
            masks[i] = range.first() << 16 | range.last();
            portTries[i] = (byte) (port + 1);
          }
        }
        continue;
      }
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
    return new AddressPrefilter(kinds, networks, masks, portTries);
  }

  /** The position of the first match after the first that is not a comment, or 0 when none. */
  private static int portMatchAfterComments(List<Match> matches) {
    for (int m = 1; m < matches.size(); m++) {
      if (!(matches.get(m) instanceof CommentMatch)) {
        return m;
      }
    }
    return 0;
  }

  /** A port match that tests only {@code --dport}, not negated. */
  private static boolean plainDestinationPorts(PortMatch ports) {
    return ports.destinationPorts() != null
        && !ports.destinationNegated()
        && ports.sourcePorts() == null
        && ports.flagMask() == 0
        && !ports.flagsNegated();
  }

  /**
   * The first position at or after {@code from} whose rule may match the IPv4 {@code packet}, or
   * the chain's length: every rule in between certainly fails, and is counted on {@code cost} as
   * evaluated up to the match that fails. A tight scan over the packed arrays, so that a long chain
   * of such rules costs a few array reads per rule.
   */
  public int firstPassing(int from, Packet packet, CostCounter cost) {
    return scan(from, kinds.length, packet, cost);
  }

  /**
   * Whether rule {@code index} certainly fails for the IPv4 {@code packet}; when it does, it is
   * counted on {@code cost} as evaluated up to the match that fails.
   */
  public boolean fails(int index, Packet packet, CostCounter cost) {
    return scan(index, index + 1, packet, cost) > index;
  }

  private int scan(int from, int to, Packet packet, CostCounter cost) {
    byte[] kinds = this.kinds;
    int[] networks = this.networks;
    int[] masks = this.masks;
    byte[] portTries = this.portTries;
    int source = (int) packet.source().low();
    int destination = (int) packet.destination().low();
    int protocol = packet.protocol().number();
    int port = packet.destinationPort();
    // every rule passed over costs at least its first match; a port failure adds the rest
    long laterMatches = 0;
    int i = from;
    while (i < to) {
      byte kind = kinds[i];
      if (kind == SOURCE || kind == DESTINATION) {
        int address = kind == SOURCE ? source : destination;
        if ((address & masks[i]) == networks[i]) {
          break;
        }
      } else if (kind != PROTOCOL) {
        break;
      } else if (networks[i] == protocol) {
        if (portTries[i] == 0 || !outside(masks[i], port)) {
          break;
        }
        laterMatches += portTries[i] - 1;
      }
      i++;
    }
    cost.missed(i - from, i - from + laterMatches);
    return i;
  }

  private static boolean outside(int packedPorts, int port) {
    return port < packedPorts >>> 16 || port > (packedPorts & 0xffff);
  }
}
