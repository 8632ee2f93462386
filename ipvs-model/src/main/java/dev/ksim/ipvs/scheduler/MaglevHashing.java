package dev.ksim.ipvs.scheduler;

import com.google.common.math.IntMath;
import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.Arrays;
import java.util.List;

/**
 * mh: Maglev hashing over a lookup table of 4093 entries (the prime for {@code
 * CONFIG_IP_VS_MH_TAB_INDEX} 12). Each server gets a permutation ({@code offset = h1 % M}, {@code
 * skip = h2 % (M-1) + 1}, with hsiphash of its address + port under two fixed keys) and, round by
 * round, claims {@code (last_weight / gcd) >> rshift} free entries, weights being scaled to 6 bits;
 * a server whose weight dropped to 0 keeps its entries (its last weight). A packet goes to entry
 * {@code hsiphash(sport + saddr) % M} (the port only with mh-port, flag-2); an unusable server
 * gives no destination, or with mh-fallback (flag-1) the next offsets are hashed in turn.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_mh.c">ip_vs_mh.c</a>
 */
final class MaglevHashing extends SourceHashTable {
  static final int TABLE_SIZE = 4093;
  private static final int TABLE_BITS = 6;
  private static final long KEY1 = 2654435761L;
  private static final long KEY2 = 2654446892L;

  MaglevHashing() {
    super(TABLE_SIZE);
  }

  @Override
  public String name() {
    return "mh";
  }

  static int hashkey(int addressFold, int port, long key, int offset) {
    return HashFunctions.hsiphash(offset + port + addressFold, key, key);
  }

  @Override
  public void changed(List<RealServer> destinations) {
    int gcd = 0;
    int maxWeight = 0;
    for (RealServer server : destinations) {
      int weight = server.lastWeight();
      if (weight > 0) {
        gcd = gcd > 0 ? IntMath.gcd(weight, gcd) : weight;
      }
      maxWeight = Math.max(maxWeight, weight);
    }
    if (gcd < 1) {
      Arrays.fill(entries, null);
      return;
    }
    int shift = 32 - Integer.numberOfLeadingZeros(maxWeight / gcd) - TABLE_BITS;
    int rshift = Math.max(shift, 0);
    int n = destinations.size();
    int[] perm = new int[n];
    int[] skip = new int[n];
    int[] turns = new int[n];
    for (int i = 0; i < n; i++) {
      RealServer server = destinations.get(i);
      int fold = HashFunctions.fold(server.address().ip());
      int port = server.address().port();
      perm[i] = Integer.remainderUnsigned(hashkey(fold, port, KEY1, 0), TABLE_SIZE);
      skip[i] = Integer.remainderUnsigned(hashkey(fold, port, KEY2, 0), TABLE_SIZE - 1) + 1;
      int lw = server.lastWeight();
      int scaled = (lw / gcd) >> rshift;
      turns[i] = scaled != 0 ? scaled : (lw != 0 ? 1 : 0);
    }
    boolean[] taken = new boolean[TABLE_SIZE];
    int filled = 0;
    int count = 0;
    while (filled < TABLE_SIZE) {
      int i = 0;
      while (i < n) {
        if (turns[i] < 1) {
          i++;
          continue;
        }
        int c = perm[i];
        while (taken[c]) {
          perm[i] += skip[i];
          if (perm[i] >= TABLE_SIZE) {
            perm[i] -= TABLE_SIZE;
          }
          c = perm[i];
        }
        taken[c] = true;
        entries[c] = destinations.get(i);
        if (++filled == TABLE_SIZE) {
          return;
        }
        if (++count >= turns[i]) {
          count = 0;
          i++;
        }
      }
    }
  }

  @Override
  int entry(int addressFold, int port, int offset) {
    return Integer.remainderUnsigned(hashkey(addressFold, port, KEY1, offset), TABLE_SIZE);
  }

  @Override
  String where(Packet packet) {
    return "Maglev entry of source " + packet.source() + " in 4093";
  }
}
