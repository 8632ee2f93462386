package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * sed: as wlc with overhead = active connections + 1 (inactive ones ignored): the least {@code
 * (A+1)/W}, first wins ties.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_sed.c">ip_vs_sed.c</a>
 */
final class ShortestExpectedDelay implements Scheduler {
  /** {@code ip_vs_sed_dest_overhead}. */
  static long overhead(RealServer server) {
    return server.activeConns() + 1L;
  }

  @Override
  public String name() {
    return "sed";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer least =
        WeightedLeastConnection.weightedLeast(destinations, ShortestExpectedDelay::overhead);
    if (least == null) {
      return new Choice(null, explain ? Schedulers.none("sed") : null);
    }
    return new Choice(
        least,
        explain
            ? Schedulers.chose(
                "sed",
                least,
                Schedulers.ratioWhy(least, destinations, ShortestExpectedDelay::overhead)
                    .replace("overhead/weight", "(active+1)/weight"))
            : null);
  }
}
