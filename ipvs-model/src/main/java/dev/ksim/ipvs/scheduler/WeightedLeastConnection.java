package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * wlc: the first eligible server is the candidate; a later server that is not overloaded replaces
 * it when {@code overhead(candidate) * weight(server) > overhead(server) * weight(candidate)}
 * (least overhead per weight, first wins ties).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_wlc.c">ip_vs_wlc.c</a>
 */
final class WeightedLeastConnection implements Scheduler {
  @Override
  public String name() {
    return "wlc";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer least = weightedLeast(destinations, RealServer::overhead);
    if (least == null) {
      return new Choice(null, explain ? Schedulers.none("wlc") : null);
    }
    return new Choice(
        least,
        explain
            ? Schedulers.chose(
                "wlc", least, Schedulers.ratioWhy(least, destinations, RealServer::overhead))
            : null);
  }

  /**
   * The wlc walk with a given overhead, shared by sed: first eligible, then strictly less loaded
   * per weight among those not overloaded.
   */
  static @org.jspecify.annotations.Nullable RealServer weightedLeast(
      List<RealServer> destinations, java.util.function.ToLongFunction<RealServer> overhead) {
    RealServer least = null;
    long loh = 0;
    for (RealServer server : destinations) {
      if (least == null) {
        if (Schedulers.isEligible(server)) {
          least = server;
          loh = overhead.applyAsLong(server);
        }
        continue;
      }
      if (server.isOverloaded()) {
        continue;
      }
      long doh = overhead.applyAsLong(server);
      if (Schedulers.lessLoaded(doh, server, loh, least)) {
        least = server;
        loh = doh;
      }
    }
    return least;
  }
}
