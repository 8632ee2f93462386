package dev.ksim.netfilter.conntrack;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * A conntrack tuple: what identifies one direction of a connection. For ICMP echo the "ports" are
 * the identifier (source) and type (destination), as the kernel keys them.
 */
public record Tuple(
    Protocol protocol,
    IpAddress source,
    IpAddress destination,
    int sourcePort,
    int destinationPort) {

  /**
   * Written out rather than the record's generated method: every packet's conntrack lookup hashes
   * and compares tuples, and the generated one is slow until the JIT's last tier.
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Tuple that
        && sourcePort == that.sourcePort
        && destinationPort == that.destinationPort
        && protocol == that.protocol
        && source.equals(that.source)
        && destination.equals(that.destination);
  }

  @Override
  public int hashCode() {
    int hash = protocol.number();
    hash = hash * 31 + source.hashCode();
    hash = hash * 31 + destination.hashCode();
    hash = hash * 31 + sourcePort;
    return hash * 31 + destinationPort;
  }

  /** The tuple of a packet as it is now. */
  public static Tuple of(Packet packet) {
    return new Tuple(
        packet.protocol(),
        packet.source(),
        packet.destination(),
        packet.sourcePort(),
        packet.destinationPort());
  }

  /** The tuple of the opposite direction. */
  public Tuple inverted() {
    return new Tuple(
        protocol,
        /* source= */ destination,
        /* destination= */ source,
        /* sourcePort= */ destinationPort,
        /* destinationPort= */ sourcePort);
  }

  public Tuple withSource(IpAddress ip, int port) {
    return new Tuple(protocol, ip, destination, port, destinationPort);
  }

  public Tuple withDestination(IpAddress ip, int port) {
    return new Tuple(protocol, source, ip, sourcePort, port);
  }

  /** {@code src=... dst=... sport=... dport=...} as conntrack -L prints a tuple. */
  public String text() {
    String addresses = "src=" + source + " dst=" + destination;
    if (protocol.hasPorts()) {
      return addresses + " sport=" + sourcePort + " dport=" + destinationPort;
    }
    return addresses;
  }
}
