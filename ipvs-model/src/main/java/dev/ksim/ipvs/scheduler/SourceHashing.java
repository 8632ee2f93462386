package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.Arrays;
import java.util.List;

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
final class SourceHashing extends SourceHashTable {
  static final int TABLE_BITS = 8;
  static final int TABLE_SIZE = 1 << TABLE_BITS;

  SourceHashing() {
    super(TABLE_SIZE);
  }

  @Override
  public String name() {
    return "sh";
  }

  @Override
  public void changed(List<RealServer> destinations) {
    if (destinations.isEmpty()) {
      Arrays.fill(entries, null);
      return;
    }
    int next = 0;
    int count = 0;
    for (int i = 0; i < TABLE_SIZE; i++) {
      RealServer server = destinations.get(next);
      entries[i] = server;
      if (++count >= server.weight()) {
        next = (next + 1) % destinations.size();
        count = 0;
      }
    }
  }

  @Override
  int entry(int addressFold, int port, int offset) {
    return bucket(addressFold, port, offset);
  }

  @Override
  String where(Packet packet) {
    return "bucket of source " + packet.source() + " in the 256-bucket table";
  }

  static int bucket(int addressFold, int port, int offset) {
    return (offset + HashFunctions.hash32(port + addressFold, TABLE_BITS)) & (TABLE_SIZE - 1);
  }
}
