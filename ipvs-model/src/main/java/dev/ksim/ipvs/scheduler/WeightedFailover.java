package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * fo: the server with the highest weight that is not overloaded (strictly higher, so the first in
 * list order wins ties); connection counts are ignored.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_fo.c">ip_vs_fo.c</a>
 */
final class WeightedFailover implements Scheduler {
  @Override
  public String name() {
    return "fo";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer highest = null;
    int hw = 0;
    for (RealServer server : destinations) {
      if (!server.isOverloaded() && server.weight() > hw) {
        highest = server;
        hw = server.weight();
      }
    }
    if (highest == null) {
      return new Choice(null, explain ? Schedulers.none("fo") : null);
    }
    return new Choice(
        highest,
        explain
            ? Schedulers.chose("fo", highest, "highest weight " + hw + " not overloaded")
            : null);
  }
}
