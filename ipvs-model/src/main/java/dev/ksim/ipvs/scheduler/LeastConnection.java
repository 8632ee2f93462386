package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * lc: the eligible server with the least overhead (active &times; 256 + inactive), weights ignored
 * beyond 0; strictly less, so the first in list order wins a tie.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_lc.c">ip_vs_lc.c</a>
 */
final class LeastConnection implements Scheduler {
  @Override
  public String name() {
    return "lc";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer least = null;
    long loh = 0;
    for (RealServer server : destinations) {
      if (server.isOverloaded() || server.weight() == 0) {
        continue;
      }
      long doh = server.overhead();
      if (least == null || doh < loh) {
        least = server;
        loh = doh;
      }
    }
    if (least == null) {
      return new Choice(null, explain ? Schedulers.none("lc") : null);
    }
    return new Choice(
        least,
        explain
            ? Schedulers.chose(
                "lc",
                least,
                "overhead "
                    + loh
                    + " ("
                    + least.activeConns()
                    + " active x 256 + "
                    + least.inactiveConns()
                    + " inactive), the least; ties go to the first in list order")
            : null);
  }
}
