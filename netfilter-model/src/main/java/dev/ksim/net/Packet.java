package dev.ksim.net;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One IP packet as netfilter sees it: addresses, protocol, ports (or ICMP type and code), TCP
 * flags, the skb mark, and the interfaces it came in on and goes out of ("" when not known yet).
 *
 * @param source source address
 * @param destination destination address
 * @param protocol the IP protocol
 * @param sourcePort source port (0 for protocols without ports)
 * @param destinationPort destination port (0 for protocols without ports)
 * @param tcpFlags TCP flags as the header carries them ({@link #SYN}, {@link #ACK}, ...)
 * @param icmpType ICMP type (for ICMP)
 * @param icmpCode ICMP code (for ICMP)
 * @param mark the skb mark
 * @param inInterface the interface the packet arrived on, "" for locally generated packets
 * @param outInterface the interface it leaves by, "" until routed
 * @param length the packet's length in bytes (for byte counters)
 */
public record Packet(
    IpAddress source,
    IpAddress destination,
    Protocol protocol,
    int sourcePort,
    int destinationPort,
    int tcpFlags,
    int icmpType,
    int icmpCode,
    long mark,
    String inInterface,
    String outInterface,
    int length) {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int ACK = 0x10;

  public Packet {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    checkArgument(
        source.family() == destination.family(), "source and destination families differ");
    checkArgument(
        sourcePort >= 0 && sourcePort <= 65535, "sourcePort out of range: %s", sourcePort);
    checkArgument(
        destinationPort >= 0 && destinationPort <= 65535,
        "destinationPort out of range: %s",
        destinationPort);
    checkArgument(mark >= 0 && mark <= 0xffffffffL, "mark out of range: %s", mark);
  }

  /** A first packet (TCP SYN) of a connection from {@code source} to {@code destination}. */
  public static Packet first(Protocol protocol, IpPort source, IpPort destination) {
    return new Packet(
        source.ip(),
        destination.ip(),
        protocol,
        source.port(),
        destination.port(),
        protocol == Protocol.TCP ? SYN : 0,
        protocol == Protocol.ICMP ? 8 : 0,
        0,
        0,
        "",
        "",
        60);
  }

  public IpFamily family() {
    return source.family();
  }

  public IpPort sourceIpPort() {
    return new IpPort(source, sourcePort);
  }

  public IpPort destinationIpPort() {
    return new IpPort(destination, destinationPort);
  }

  public Packet withSource(IpAddress ip, int port) {
    return new Packet(
        ip,
        destination,
        protocol,
        port,
        destinationPort,
        tcpFlags,
        icmpType,
        icmpCode,
        mark,
        inInterface,
        outInterface,
        length);
  }

  public Packet withDestination(IpAddress ip, int port) {
    return new Packet(
        source,
        ip,
        protocol,
        sourcePort,
        port,
        tcpFlags,
        icmpType,
        icmpCode,
        mark,
        inInterface,
        outInterface,
        length);
  }

  public Packet withMark(long newMark) {
    return new Packet(
        source,
        destination,
        protocol,
        sourcePort,
        destinationPort,
        tcpFlags,
        icmpType,
        icmpCode,
        newMark,
        inInterface,
        outInterface,
        length);
  }

  /** This packet on interfaces {@code in} and {@code out}: itself when it is on them already. */
  public Packet withInterfaces(String in, String out) {
    if (in.equals(inInterface) && out.equals(outInterface)) {
      return this;
    }
    return new Packet(
        source,
        destination,
        protocol,
        sourcePort,
        destinationPort,
        tcpFlags,
        icmpType,
        icmpCode,
        mark,
        in,
        out,
        length);
  }

  public Packet withTcpFlags(int flags) {
    return new Packet(
        source,
        destination,
        protocol,
        sourcePort,
        destinationPort,
        flags,
        icmpType,
        icmpCode,
        mark,
        inInterface,
        outInterface,
        length);
  }

  /** The reply direction: addresses and ports swapped, a TCP SYN answered by SYN+ACK. */
  public Packet reversed() {
    return new Packet(
        destination,
        source,
        protocol,
        destinationPort,
        sourcePort,
        answerFlags(),
        protocol == Protocol.ICMP ? 0 : icmpType,
        icmpCode,
        0,
        "",
        "",
        length);
  }

  /**
   * The TCP flags of the answer to this packet: SYN+ACK to a SYN, else ACK; none for UDP or ICMP.
   */
  public int answerFlags() {
    if (protocol != Protocol.TCP) {
      return 0;
    }
    return (tcpFlags & SYN) != 0 ? SYN | ACK : ACK;
  }

  @Override
  public String toString() {
    return protocol.token() + " " + sourceIpPort() + " -> " + destinationIpPort();
  }
}
