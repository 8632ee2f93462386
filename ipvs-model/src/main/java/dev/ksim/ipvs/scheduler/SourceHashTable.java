package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.net.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What sh and mh share: a table of real servers filled when the destinations change, and a packet
 * sent to the entry its source hashes to (the source port too with the port flag, flag-2). An
 * unusable server there (weight 0 or overloaded) gives no destination, unless the fallback flag
 * (flag-1) walks on: offsets {@code ihash, ihash+1, ...} are hashed in turn until a usable server
 * is found ({@code ip_vs_sh_get_fallback}, {@code ip_vs_mh_get_fallback}).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_sh.c">ip_vs_sh.c</a>
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_mh.c">ip_vs_mh.c</a>
 */
abstract class SourceHashTable implements Scheduler {
  /** The table, filled by {@link #changed}; null entries while the service has no server. */
  protected final @Nullable RealServer[] entries;

  SourceHashTable(int size) {
    this.entries = new RealServer[size];
  }

  /** The entry a source (its folded address and port) hashes to at {@code offset}. */
  abstract int entry(int addressFold, int port, int offset);

  /** How the trace says where the packet's source landed. */
  abstract String where(Packet packet);

  /** The server in each entry (null when the service has none), for tests and views. */
  final List<@Nullable RealServer> table() {
    return new ArrayList<>(Arrays.asList(entries));
  }

  private static boolean isUnavailable(RealServer server) {
    return server.weight() <= 0 || server.isOverloaded();
  }

  private @Nullable RealServer lookup(int flags, Packet packet) {
    int port =
        (flags & ServiceFlags.SCHED_FLAG_2) != 0 && packet.protocol().hasPorts()
            ? packet.sourcePort()
            : 0;
    int fold = HashFunctions.fold(packet.source());
    int ihash = entry(fold, port, 0);
    RealServer server = entries[ihash];
    if (server == null) {
      return null;
    }
    if (!isUnavailable(server)) {
      return server;
    }
    if ((flags & ServiceFlags.SCHED_FLAG_1) == 0) {
      return null;
    }
    for (int offset = 0; offset < entries.length; offset++) {
      int roffset = (offset + ihash) % entries.length;
      RealServer other = entries[entry(fold, port, roffset)];
      if (other == null) {
        return null;
      }
      if (!isUnavailable(other)) {
        return other;
      }
    }
    return null;
  }

  @Override
  public final Choice schedule(
      List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer server = lookup(flags, packet);
    if (server == null) {
      return new Choice(null, explain ? Schedulers.none(name()) : null);
    }
    return new Choice(server, explain ? Schedulers.chose(name(), server, where(packet)) : null);
  }

  @Override
  public final List<RealServer> candidates(
      List<RealServer> destinations, int flags, Packet packet) {
    RealServer server = lookup(flags, packet);
    return server == null ? List.of() : List.of(server);
  }
}
