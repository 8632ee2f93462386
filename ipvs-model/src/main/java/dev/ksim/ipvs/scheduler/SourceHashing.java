package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.net.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * sh: a table of 256 buckets filled from the list head, each server taking {@code max(weight, 1)}
 * consecutive buckets, round and round until the table is full; a packet goes to the bucket {@code
 * hash_32(sport + saddr, 8)} (the source port only with sh-port, flag-2). A bucket whose server has
 * weight 0 or is overloaded gives no destination, unless sh-fallback (flag-1) walks on: offsets
 * {@code ihash, ihash+1, ...} are hashed in turn until a usable server is found.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_sh.c">ip_vs_sh.c
 *     (ip_vs_sh_hashkey uses hash_32 in current kernels; 4.x multiplied by 2654435761)</a>
 */
final class SourceHashing implements Scheduler {
  static final int TABLE_BITS = 8;
  static final int TABLE_SIZE = 1 << TABLE_BITS;

  private final @Nullable RealServer[] buckets = new RealServer[TABLE_SIZE];

  @Override
  public String name() {
    return "sh";
  }

  @Override
  public void changed(List<RealServer> destinations) {
    if (destinations.isEmpty()) {
      Arrays.fill(buckets, null);
      return;
    }
    int next = 0;
    int count = 0;
    for (int i = 0; i < TABLE_SIZE; i++) {
      RealServer server = destinations.get(next);
      buckets[i] = server;
      if (++count >= server.weight()) {
        next = (next + 1) % destinations.size();
        count = 0;
      }
    }
  }

  /** The server in each bucket (null when the service has none), for tests and views. */
  List<@Nullable RealServer> table() {
    return new ArrayList<>(Arrays.asList(buckets));
  }

  static int bucket(int addressFold, int port, int offset) {
    return (offset + HashFunctions.hash32(port + addressFold, TABLE_BITS)) & (TABLE_SIZE - 1);
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
    int ihash = bucket(fold, port, 0);
    RealServer server = buckets[ihash];
    if (server == null) {
      return null;
    }
    if (!isUnavailable(server)) {
      return server;
    }
    if ((flags & ServiceFlags.SCHED_FLAG_1) == 0) {
      return null;
    }
    for (int offset = 0; offset < TABLE_SIZE; offset++) {
      int roffset = (offset + ihash) % TABLE_SIZE;
      RealServer other = buckets[bucket(fold, port, roffset)];
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
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer server = lookup(flags, packet);
    if (server == null) {
      return new Choice(null, explain ? Schedulers.none("sh") : null);
    }
    return new Choice(
        server,
        explain
            ? Schedulers.chose(
                "sh", server, "bucket of source " + packet.source() + " in the 256-bucket table")
            : null);
  }

  @Override
  public List<RealServer> candidates(List<RealServer> destinations, int flags, Packet packet) {
    RealServer server = lookup(flags, packet);
    return server == null ? List.of() : List.of(server);
  }
}
