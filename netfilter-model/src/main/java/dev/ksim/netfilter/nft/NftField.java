package dev.ksim.netfilter.nft;

import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A field a rule reads from the packet or its metadata (payload, meta, ct and fib expressions),
 * with the type its values have.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/doc/payload-expression.txt">nft payload
 *     expressions</a>
 */
public enum NftField {
  IP_SADDR("ip saddr", NftType.IPV4_ADDR),
  IP_DADDR("ip daddr", NftType.IPV4_ADDR),
  IP_PROTOCOL("ip protocol", NftType.INET_PROTO),
  IP6_SADDR("ip6 saddr", NftType.IPV6_ADDR),
  IP6_DADDR("ip6 daddr", NftType.IPV6_ADDR),
  IP6_NEXTHDR("ip6 nexthdr", NftType.INET_PROTO),
  META_L4PROTO("meta l4proto", NftType.INET_PROTO),
  META_MARK("meta mark", NftType.MARK),
  IIFNAME("iifname", NftType.IFNAME),
  OIFNAME("oifname", NftType.IFNAME),
  TH_SPORT("th sport", NftType.INET_SERVICE),
  TH_DPORT("th dport", NftType.INET_SERVICE),
  TCP_SPORT("tcp sport", NftType.INET_SERVICE),
  TCP_DPORT("tcp dport", NftType.INET_SERVICE),
  UDP_SPORT("udp sport", NftType.INET_SERVICE),
  UDP_DPORT("udp dport", NftType.INET_SERVICE),
  SCTP_SPORT("sctp sport", NftType.INET_SERVICE),
  SCTP_DPORT("sctp dport", NftType.INET_SERVICE),
  CT_STATE("ct state", NftType.CT_STATE),
  CT_STATUS("ct status", NftType.CT_STATUS),
  FIB_SADDR_TYPE("fib saddr type", NftType.FIB_ADDRTYPE),
  FIB_DADDR_TYPE("fib daddr type", NftType.FIB_ADDRTYPE);

  private final String text;
  private final NftType type;

  NftField(String text, NftType type) {
    this.text = text;
    this.type = type;
  }

  /** The expression as {@code nft list} prints it. */
  public String text() {
    return text;
  }

  public NftType type() {
    return type;
  }

  /**
   * The transport protocol a {@code tcp}/{@code udp}/{@code sctp} header field implies (nft adds a
   * {@code meta l4proto} dependency for it and hides an explicit one when listing).
   */
  public Optional<Protocol> impliedProtocol() {
    return switch (this) {
      case TCP_SPORT, TCP_DPORT -> Optional.of(Protocol.TCP);
      case UDP_SPORT, UDP_DPORT -> Optional.of(Protocol.UDP);
      case SCTP_SPORT, SCTP_DPORT -> Optional.of(Protocol.SCTP);
      default -> Optional.empty();
    };
  }

  /**
   * Whether a match on this field tells nft the transport protocol ({@code meta l4proto}, {@code ip
   * protocol}, {@code ip6 nexthdr}, or a field of the tcp, udp or sctp header), which a NAT
   * statement's port needs before it.
   */
  public boolean namesTransportProtocol() {
    return this == META_L4PROTO
        || this == IP_PROTOCOL
        || this == IP6_NEXTHDR
        || impliedProtocol().isPresent();
  }

  /** The field's value for this packet, or null when the packet has no such field. */
  public @Nullable Object read(NftPacketView view) {
    Packet packet = view.packet();
    boolean v4 = packet.family() == IpFamily.IPV4;
    return switch (this) {
      case IP_SADDR -> v4 ? packet.source() : null;
      case IP_DADDR -> v4 ? packet.destination() : null;
      case IP_PROTOCOL -> v4 ? (Object) (long) packet.protocol().number() : null;
      case IP6_SADDR -> v4 ? null : packet.source();
      case IP6_DADDR -> v4 ? null : packet.destination();
      case IP6_NEXTHDR -> v4 ? null : (Object) (long) packet.protocol().number();
      case META_L4PROTO -> (long) packet.protocol().number();
      case META_MARK -> packet.mark();
      case IIFNAME -> packet.inInterface();
      case OIFNAME -> packet.outInterface();
      case TH_SPORT -> packet.protocol().hasPorts() ? (Object) (long) packet.sourcePort() : null;
      case TH_DPORT ->
          packet.protocol().hasPorts() ? (Object) (long) packet.destinationPort() : null;
      case TCP_SPORT, UDP_SPORT, SCTP_SPORT ->
          impliedProtocol().orElseThrow() == packet.protocol()
              ? (Object) (long) packet.sourcePort()
              : null;
      case TCP_DPORT, UDP_DPORT, SCTP_DPORT ->
          impliedProtocol().orElseThrow() == packet.protocol()
              ? (Object) (long) packet.destinationPort()
              : null;
      case CT_STATE -> view.ctState();
      case CT_STATUS -> view.ctStatus();
      case FIB_SADDR_TYPE -> view.addressType(packet.source());
      case FIB_DADDR_TYPE -> view.addressType(packet.destination());
    };
  }

  /** The field written as {@code text} ({@code ip daddr}, {@code tcp dport}, ...), if any. */
  public static Optional<NftField> tryParse(String text) {
    for (NftField field : values()) {
      if (field.text.equals(text)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
