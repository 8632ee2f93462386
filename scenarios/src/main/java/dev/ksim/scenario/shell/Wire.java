package dev.ksim.scenario.shell;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Where a packet of a flow crossed an interface of the captured namespace, with the addresses it
 * had there (after the NAT done before that wire).
 *
 * @param protocol the IP protocol on that wire (UDP for a VXLAN packet)
 * @param source the source there
 * @param destination the destination there
 * @param iface the interface
 * @param outbound whether it left by the interface (else it arrived)
 * @param tunnel the packet VXLAN carries inside this one, or null
 */
record Wire(
    Protocol protocol,
    IpPort source,
    IpPort destination,
    String iface,
    boolean outbound,
    @Nullable Tunnel tunnel) {
  /**
   * The packet inside a VXLAN packet.
   *
   * @param vni the VXLAN network identifier
   * @param protocol the inner packet's protocol
   * @param source the inner source
   * @param destination the inner destination
   */
  record Tunnel(int vni, Protocol protocol, IpPort source, IpPort destination) {
    Tunnel reversed() {
      return new Tunnel(vni, protocol, destination, source);
    }
  }

  /** The same place crossed the other way by a packet going back: ends swapped. */
  Wire reversed() {
    return new Wire(
        protocol, destination, source, iface, !outbound, tunnel == null ? null : tunnel.reversed());
  }

  /** The flow's own packet on this wire: the tunnel's inner one, or this one. */
  Protocol flowProtocol() {
    return tunnel == null ? protocol : tunnel.protocol();
  }

  /** The flow's own source on this wire. */
  IpPort flowSource() {
    return tunnel == null ? source : tunnel.source();
  }

  /** The flow's own destination on this wire. */
  IpPort flowDestination() {
    return tunnel == null ? destination : tunnel.destination();
  }

  /**
   * {@code address.port} as tcpdump prints an end of a TCP or UDP packet (the address alone else).
   */
  static String shown(IpPort end, Protocol protocol) {
    return protocol == Protocol.TCP || protocol == Protocol.UDP
        ? end.ip() + "." + end.port()
        : end.ip().toString();
  }
}
