package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * rr: a cursor walks the destination list; the next server after it that is not overloaded and has
 * a weight above 0 is chosen, wrapping once through the list head (the cursor's own server is the
 * last one tried). A removed server's cursor moves to the server before it.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_rr.c">ip_vs_rr.c</a>
 */
final class RoundRobin implements Scheduler {
  /** The last server chosen; null is the list head ({@code &svc->destinations}). */
  private @Nullable RealServer cursor;

  @Override
  public String name() {
    return "rr";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    int last = cursor == null ? -1 : destinations.indexOf(cursor);
    int found = -1;
    for (int i = last + 1; i < destinations.size() && found < 0; i++) {
      if (Schedulers.isEligible(destinations.get(i))) {
        found = i;
      }
    }
    for (int i = 0; i <= last && found < 0; i++) {
      if (Schedulers.isEligible(destinations.get(i))) {
        found = i;
      }
    }
    if (found < 0) {
      return new Choice(null, explain ? Schedulers.none("rr") : null);
    }
    RealServer previous = cursor;
    RealServer chosen = destinations.get(found);
    cursor = chosen;
    String why = previous == null ? "first in list order" : "next after " + previous.address();
    return new Choice(
        chosen, explain ? Schedulers.chose("rr", chosen, "") + " (" + why + ")" : null);
  }

  @Override
  public void removed(List<RealServer> destinations, RealServer server, int formerIndex) {
    if (cursor == server) {
      cursor = formerIndex > 0 ? destinations.get(formerIndex - 1) : null;
    }
  }
}
