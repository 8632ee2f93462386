package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;

/**
 * nq: the first eligible server with no active connection is taken at once; otherwise as sed.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_nq.c">ip_vs_nq.c</a>
 */
final class NeverQueue implements Scheduler {
  @Override
  public String name() {
    return "nq";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer least = null;
    long loh = 0;
    for (RealServer server : destinations) {
      if (!Schedulers.isEligible(server)) {
        continue;
      }
      long doh = ShortestExpectedDelay.overhead(server);
      if (server.activeConns() == 0) {
        return new Choice(
            server, explain ? Schedulers.chose("nq", server, "idle (no active connection)") : null);
      }
      if (least == null || Schedulers.lessLoaded(doh, server, loh, least)) {
        least = server;
        loh = doh;
      }
    }
    if (least == null) {
      return new Choice(null, explain ? Schedulers.none("nq") : null);
    }
    return new Choice(
        least,
        explain
            ? Schedulers.chose(
                "nq",
                least,
                "no idle server; "
                    + Schedulers.ratioWhy(least, destinations, ShortestExpectedDelay::overhead)
                        .replace("overhead/weight", "(active+1)/weight"))
            : null);
  }
}
