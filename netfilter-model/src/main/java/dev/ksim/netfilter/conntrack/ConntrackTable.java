package dev.ksim.netfilter.conntrack;

import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One network namespace's conntrack table. An entry is created unconfirmed by the first packet and
 * inserted when that packet leaves the host or is delivered ({@link #confirm}); packets of either
 * direction then find it by tuple. Entries expire in simulated time with the kernel's default
 * timeouts; a lookup ignores (and removes) expired entries, and the {@link GcWorker garbage
 * collector} reaps the others, so the table holds about what is live.
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

  /**
   * Each entry held, in id order (creation order, for listings and the garbage collector), in a
   * slot updated in place as packets change the entry's state, so that its id and tuples, which do
   * not change, need not be indexed again.
   */
  private final EntryOrder entries = new EntryOrder();

  /** The same slots by both tuples: a packet's lookup is one hash lookup. */
  private final TupleIndex byTuple = new TupleIndex();

  private final GcWorker gc = new GcWorker();
  private long nextId = 1;

  /** The entry {@code tuple} belongs to, if one is confirmed and not expired at {@code now}. */
  public Optional<Found> lookup(Tuple tuple, long now) {
    Slot slot = byTuple.find(tuple);
    if (slot == null) {
      return Optional.empty();
    }
    if (slot.expiresAt() <= now) {
      discard(slot);
      return Optional.empty();
    }
    return Optional.of(new Found(slot.entry(), direction(slot, tuple)));
  }

  /**
   * Conntrack's look at {@code packet} in one lookup of its tuple: its confirmed, unexpired
   * connection, updated for the packet as {@link #update} does, or null when it has none or opens a
   * new connection on a closed one's tuple ({@link #reopens}; the old entry is then removed).
   */
  public @Nullable Found track(Packet packet, long now) {
    Tuple tuple = Tuple.of(packet);
    Slot slot = byTuple.find(tuple);
    if (slot == null) {
      return null;
    }
    Direction direction = direction(slot, tuple);
    // the reopen test first: what a new connection finds on its tuple is nearly always a closed
    // connection's entry, expired or not, and the expiry's branch then stays untaken on the packet
    // path (C2 compiled it as never taken and threw the whole walk's code away when it was); both
    // read the slot alone, so that an old entry met is not read at all
    if (reopens(slot.tcpState(), direction, packet) || slot.expiresAt() <= now) {
      discard(slot);
      return null;
    }
    ConntrackEntry entry = slot.entry();
    ConntrackEntry updated = updated(entry, packet, direction, now);
    replace(slot, updated);
    return new Found(updated, direction);
  }

  /** Which way {@code tuple}, found in {@code slot}, goes on the slot's connection. */
  private static Direction direction(Slot slot, Tuple tuple) {
    return slot.original.equals(tuple) ? Direction.ORIGINAL : Direction.REPLY;
  }

  /** Whether a confirmed entry expects {@code reply} as its reply tuple (NAT port clashes). */
  public boolean isReplyTaken(Tuple reply, long now) {
    return lookup(reply, now).isPresent();
  }

  /**
   * A new, unconfirmed entry for the first packet of a connection; the garbage collector runs first
   * if it is due.
   */
  public ConntrackEntry newEntry(Packet packet, long now) {
    if (gc.isDue(now)) {
      collectGarbage(now);
    }
    Tuple original = Tuple.of(packet);
    @Nullable TcpState state = packet.protocol() == Protocol.TCP ? TcpState.SYN_SENT : null;
    return new ConntrackEntry(
        nextId++,
        original,
        original.inverted(),
        state,
        Set.of(),
        now + timeout(packet.protocol(), state, false).toMillis(),
        0);
  }

  /**
   * The garbage collector's run, in a method of its own so that the JIT compiles it apart from the
   * packet path: its branches are first taken long after the path is hot (the first entries expire
   * minutes into a run of requests), and each of them, taken first inside the compiled path, threw
   * all of that code away (three times in {@code curl --count 100000}, a recompile of seconds
   * each).
   */
  private void collectGarbage(long now) {
    gc.run(entries, now, this::forget);
  }

  /** Inserts an entry whose first packet got through. */
  public ConntrackEntry confirm(ConntrackEntry entry) {
    Set<CtStatus> flags = StatusSet.with(entry.status(), CtStatus.CONFIRMED);
    ConntrackEntry confirmed = entry.with(entry.tcpState(), flags, entry.expiresAtMillis());
    put(confirmed);
    return confirmed;
  }

  /**
   * Updates an entry for a packet seen in {@code direction}: TCP state, SEEN_REPLY and ASSURED, and
   * the timeout.
   */
  public ConntrackEntry update(ConntrackEntry entry, Packet packet, Direction direction, long now) {
    ConntrackEntry updated = updated(entry, packet, direction, now);
    Slot slot = byTuple.find(entry.original());
    if (slot != null && slot.id == entry.id()) {
      replace(slot, updated);
    }
    return updated;
  }

  /** {@code entry} as a packet seen in {@code direction} at {@code now} leaves it. */
  private static ConntrackEntry updated(
      ConntrackEntry entry, Packet packet, Direction direction, long now) {
    Set<CtStatus> flags = entry.status();
    @Nullable TcpState state = entry.tcpState();
    if (direction == Direction.REPLY) {
      flags = with(flags, CtStatus.SEEN_REPLY);
    }
    if (packet.protocol() == Protocol.TCP && state != null) {
      state = nextTcpState(state, packet.tcpFlags(), direction);
      if (state == TcpState.ESTABLISHED) {
        flags = with(flags, CtStatus.ASSURED);
      }
    } else if (flags.contains(CtStatus.SEEN_REPLY) && packet.protocol() == Protocol.UDP) {
      flags = with(flags, CtStatus.ASSURED);
    }
    boolean replied = flags.contains(CtStatus.SEEN_REPLY);
    return entry.with(state, flags, now + timeout(packet.protocol(), state, replied).toMillis());
  }

  /** {@code flags} with {@code flag}: the same set when it already has it. */
  private static Set<CtStatus> with(Set<CtStatus> flags, CtStatus flag) {
    return flags.contains(flag) ? flags : StatusSet.with(flags, flag);
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
    return reopens(found.entry().tcpState(), found.direction(), packet);
  }

  private static boolean reopens(@Nullable TcpState state, Direction direction, Packet packet) {
    int flags = packet.tcpFlags();
    return packet.protocol() == Protocol.TCP
        && direction == Direction.ORIGINAL
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

  /** Inserts or replaces a confirmed entry (after NAT or a state change). */
  public void put(ConntrackEntry entry) {
    Slot slot = entries.find(entry.id());
    if (slot == null) {
      index(entries.add(entry));
    } else if (slot.removed) {
      entries.restore(slot, entry);
      index(slot);
    } else {
      replace(slot, entry);
    }
  }

  private void replace(Slot slot, ConntrackEntry entry) {
    if (slot.original.equals(entry.original()) && slot.reply.equals(entry.reply())) {
      slot.hold(entry);
      return;
    }
    byTuple.remove(slot);
    slot.hold(entry);
    index(slot);
  }

  private void index(Slot slot) {
    byTuple.add(slot);
  }

  public void remove(ConntrackEntry entry) {
    Slot slot = entries.find(entry.id());
    if (slot != null && !slot.removed) {
      discard(slot);
    }
  }

  private void discard(Slot slot) {
    entries.remove(slot);
    forget(slot);
  }

  /** Takes a slot removed from the id order out of the tuple map. */
  private void forget(Slot slot) {
    byTuple.remove(slot);
  }

  /** The live entries at {@code now}, oldest first. */
  public List<ConntrackEntry> entries(long now) {
    List<ConntrackEntry> live = new ArrayList<>();
    entries.forEach(
        slot -> {
          if (slot.expiresAt() > now) {
            live.add(slot.entry());
          }
        });
    return Collections.unmodifiableList(live);
  }

  /** Forgets every entry ({@code conntrack -F}). */
  public void flush() {
    entries.clear();
    byTuple.clear();
    gc.reset();
  }

  /** The entries held: the live ones and those past their timeout that are not reaped yet. */
  public int size() {
    return entries.size();
  }
}
