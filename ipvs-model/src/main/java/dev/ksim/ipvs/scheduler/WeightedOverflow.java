package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * ovf: the highest-weight server that is not overloaded, has a weight above 0 and no more active
 * connections than its weight; the first in list order wins ties.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_ovf.c">ip_vs_ovf.c</a>
 */
final class WeightedOverflow implements Scheduler {
  @Override
  public String name() {
    return "ovf";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer highest = null;
    int hw = 0;
    for (RealServer server : destinations) {
      int w = server.weight();
      if (server.isOverloaded() || server.activeConns() > w || w == 0) {
        continue;
      }
      if (highest == null || w > hw) {
        highest = server;
        hw = w;
      }
    }
    if (highest == null) {
      return new Choice(null, explain ? Schedulers.none("ovf") : null);
    }
    return new Choice(
        highest,
        explain
            ? Schedulers.chose(
                "ovf",
                highest,
                "highest weight "
                    + hw
                    + " with active connections ("
                    + highest.activeConns()
                    + ") not above it")
            : null);
  }

  @Override
  public List<RealServer> candidates(List<RealServer> destinations, int flags, Packet packet) {
    return destinations.stream()
        .filter(s -> !s.isOverloaded() && s.weight() > 0 && s.activeConns() <= s.weight())
        .toList();
  }
}
