package dev.ksim.netfilter.conntrack;

import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One network namespace's conntrack table. An entry is created unconfirmed by the first packet and
 * inserted when that packet leaves the host or is delivered ({@link #confirm}); packets of either
 * direction then find it by tuple. Entries expire in simulated time with the kernel's default
 * timeouts; a lookup ignores (and removes) expired entries.
 */
public final class ConntrackTable {
  /** UDP before a reply (nf_conntrack_udp_timeout). */
  public static final Duration UDP_TIMEOUT = Duration.ofSeconds(30);

  /** UDP once replied (nf_conntrack_udp_timeout_stream). */
  public static final Duration UDP_STREAM_TIMEOUT = Duration.ofMinutes(2);

  /** ICMP (nf_conntrack_icmp_timeout). */
  public static final Duration ICMP_TIMEOUT = Duration.ofSeconds(30);

  /** Other protocols (nf_conntrack_generic_timeout). */
  public static final Duration GENERIC_TIMEOUT = Duration.ofMinutes(10);

  /** Which way a packet goes on its connection. */
  public enum Direction {
    ORIGINAL,
    REPLY
  }

  /** A packet's entry and its direction. */
  public record Found(ConntrackEntry entry, Direction direction) {}

  private final Map<Long, ConntrackEntry> entries = new TreeMap<>();
  private final Map<Tuple, Long> byTuple = new HashMap<>();
  private long nextId = 1;

  /** The entry {@code tuple} belongs to, if one is confirmed and not expired at {@code now}. */
  public Optional<Found> lookup(Tuple tuple, long now) {
    Long id = byTuple.get(tuple);
    if (id == null) {
      return Optional.empty();
    }
    ConntrackEntry entry = entries.get(id);
    if (entry == null || entry.expiresAtMillis() <= now) {
      if (entry != null) {
        remove(entry);
      }
      return Optional.empty();
    }
    Direction direction = entry.original().equals(tuple) ? Direction.ORIGINAL : Direction.REPLY;
    return Optional.of(new Found(entry, direction));
  }

  /** Whether a confirmed entry expects {@code reply} as its reply tuple (NAT port clashes). */
  public boolean isReplyTaken(Tuple reply, long now) {
    return lookup(reply, now).isPresent();
  }

  /** A new, unconfirmed entry for the first packet of a connection. */
  public ConntrackEntry newEntry(Packet packet, long now) {
    Tuple original = Tuple.of(packet);
    @Nullable TcpState state = packet.protocol() == Protocol.TCP ? TcpState.SYN_SENT : null;
    return new ConntrackEntry(
        nextId++,
        original,
        original.inverted(),
        state,
        EnumSet.noneOf(CtStatus.class),
        now + timeout(packet.protocol(), state, false).toMillis(),
        0);
  }

  /** Inserts an entry whose first packet got through. */
  public ConntrackEntry confirm(ConntrackEntry entry) {
    Set<CtStatus> flags = EnumSet.of(CtStatus.CONFIRMED);
    flags.addAll(entry.status());
    ConntrackEntry confirmed = entry.with(entry.tcpState(), flags, entry.expiresAtMillis());
    put(confirmed);
    return confirmed;
  }

  /**
   * Updates an entry for a packet seen in {@code direction}: TCP state, SEEN_REPLY and ASSURED, and
   * the timeout.
   */
  public ConntrackEntry update(ConntrackEntry entry, Packet packet, Direction direction, long now) {
    Set<CtStatus> flags = EnumSet.noneOf(CtStatus.class);
    flags.addAll(entry.status());
    @Nullable TcpState state = entry.tcpState();
    if (direction == Direction.REPLY) {
      flags.add(CtStatus.SEEN_REPLY);
    }
    if (packet.protocol() == Protocol.TCP && state != null) {
      state = nextTcpState(state, packet.tcpFlags(), direction);
      if (state == TcpState.ESTABLISHED) {
        flags.add(CtStatus.ASSURED);
      }
    } else if (flags.contains(CtStatus.SEEN_REPLY) && packet.protocol() == Protocol.UDP) {
      flags.add(CtStatus.ASSURED);
    }
    boolean replied = flags.contains(CtStatus.SEEN_REPLY);
    ConntrackEntry updated =
        entry.with(state, flags, now + timeout(packet.protocol(), state, replied).toMillis());
    if (entries.containsKey(entry.id())) {
      put(updated);
    }
    return updated;
  }

  /**
   * Whether {@code packet} opens a new connection on a closed one's tuple: a SYN (without ACK) in
   * the original direction of an entry in TIME_WAIT or CLOSE. The kernel then kills the old entry
   * and looks the packet up again, so it starts a new connection (with new NAT) instead of being
   * taken as part of the old one.
   *
   * @see <a
   *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_conntrack_proto_tcp.c">nf_conntrack_proto_tcp.c
   *     nf_conntrack_tcp_packet, "Attempt to reopen a closed/aborted connection"</a>
   */
  public static boolean reopens(Found found, Packet packet) {
    TcpState state = found.entry().tcpState();
    int flags = packet.tcpFlags();
    return packet.protocol() == Protocol.TCP
        && found.direction() == Direction.ORIGINAL
        && (state == TcpState.TIME_WAIT || state == TcpState.CLOSE)
        && (flags & Packet.SYN) != 0
        && (flags & Packet.ACK) == 0;
  }

  /** A simplified TCP tracker: handshake, data, FIN and RST as the kernel's table moves them. */
  static TcpState nextTcpState(TcpState state, int flags, Direction direction) {
    boolean syn = (flags & Packet.SYN) != 0;
    boolean ack = (flags & Packet.ACK) != 0;
    boolean fin = (flags & Packet.FIN) != 0;
    boolean rst = (flags & Packet.RST) != 0;
    if (rst) {
      return TcpState.CLOSE;
    }
    if (fin) {
      return switch (state) {
        case ESTABLISHED, SYN_RECV -> TcpState.FIN_WAIT;
        case FIN_WAIT, CLOSE_WAIT, LAST_ACK -> TcpState.LAST_ACK;
        default -> state;
      };
    }
    if (syn && ack && direction == Direction.REPLY && state == TcpState.SYN_SENT) {
      return TcpState.SYN_RECV;
    }
    if (ack && !syn) {
      return switch (state) {
        case SYN_RECV -> TcpState.ESTABLISHED;
        case LAST_ACK, FIN_WAIT -> TcpState.TIME_WAIT;
        default -> state;
      };
    }
    return state;
  }

  static Duration timeout(Protocol protocol, @Nullable TcpState state, boolean replied) {
    if (state != null) {
      return state.timeout();
    }
    return switch (protocol) {
      case UDP -> replied ? UDP_STREAM_TIMEOUT : UDP_TIMEOUT;
      case ICMP, ICMPV6 -> ICMP_TIMEOUT;
      default -> GENERIC_TIMEOUT;
    };
  }

  /** Replaces a confirmed entry (after NAT or a state change). */
  public void put(ConntrackEntry entry) {
    ConntrackEntry old = entries.put(entry.id(), entry);
    if (old != null) {
      byTuple.remove(old.original());
      byTuple.remove(old.reply());
    }
    byTuple.put(entry.original(), entry.id());
    byTuple.put(entry.reply(), entry.id());
  }

  public void remove(ConntrackEntry entry) {
    entries.remove(entry.id());
    byTuple.remove(entry.original());
    byTuple.remove(entry.reply());
  }

  /** The live entries at {@code now}, oldest first. */
  public List<ConntrackEntry> entries(long now) {
    return entries.values().stream().filter(e -> e.expiresAtMillis() > now).toList();
  }

  /** Forgets every entry ({@code conntrack -F}). */
  public void flush() {
    entries.clear();
    byTuple.clear();
  }

  public int size() {
    return entries.size();
  }
}
