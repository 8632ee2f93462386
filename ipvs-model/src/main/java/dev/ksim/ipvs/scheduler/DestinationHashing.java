package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * dh: a table of 256 buckets filled round-robin over the destination list, one bucket per server in
 * turn (weights ignored); a packet goes to bucket {@code (daddr * 2654435761) & 255}. A server that
 * is unavailable, of weight 0 or overloaded gives no destination.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_dh.c">ip_vs_dh.c</a>
 */
final class DestinationHashing implements Scheduler {
  static final int TABLE_SIZE = 256;

  private final @Nullable RealServer[] buckets = new RealServer[TABLE_SIZE];

  @Override
  public String name() {
    return "dh";
  }

  @Override
  public void changed(List<RealServer> destinations) {
    for (int i = 0; i < TABLE_SIZE; i++) {
      buckets[i] = destinations.isEmpty() ? null : destinations.get(i % destinations.size());
    }
  }

  List<@Nullable RealServer> table() {
    return new ArrayList<>(Arrays.asList(buckets));
  }

  static int bucket(int addressFold) {
    return (int) ((Integer.toUnsignedLong(addressFold) * 2654435761L) & (TABLE_SIZE - 1));
  }

  private @Nullable RealServer lookup(Packet packet) {
    RealServer server = buckets[bucket(HashFunctions.fold(packet.destination()))];
    if (server == null || !server.isAvailable() || server.weight() <= 0 || server.isOverloaded()) {
      return null;
    }
    return server;
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer server = lookup(packet);
    if (server == null) {
      return new Choice(null, explain ? Schedulers.none("dh") : null);
    }
    return new Choice(
        server,
        explain
            ? Schedulers.chose(
                "dh", server, "bucket of destination " + packet.destination() + " in 256")
            : null);
  }

  @Override
  public List<RealServer> candidates(List<RealServer> destinations, int flags, Packet packet) {
    RealServer server = lookup(packet);
    return server == null ? List.of() : List.of(server);
  }
}
