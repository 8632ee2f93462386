package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual service's scheduler ({@code struct ip_vs_scheduler} bound to a service, with its
 * {@code sched_data}): picks a real server for a new connection and hears about changes to the
 * service's destinations ({@code add_dest}, {@code del_dest}, {@code upd_dest}).
 */
public interface Scheduler {
  /** The kernel's name: {@code rr}, {@code wlc}, ... */
  String name();

  /**
   * Picks a real server among {@code destinations} (the service's list, head first) for {@code
   * packet}.
   *
   * @param flags the service's scheduler flags (bit 0 = flag-1, ...)
   * @param explain whether to say why (a trace is recording)
   */
  Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain);

  /** A destination was added at the head of the list. */
  default void added(List<RealServer> destinations, RealServer server) {
    changed(destinations);
  }

  /** A destination was removed; it was at {@code formerIndex}. */
  default void removed(List<RealServer> destinations, RealServer server, int formerIndex) {
    changed(destinations);
  }

  /** A destination's weight, thresholds or method changed. */
  default void updated(List<RealServer> destinations, RealServer server) {
    changed(destinations);
  }

  /** The destinations changed in any way (also called once when the scheduler is bound). */
  default void changed(List<RealServer> destinations) {}

  /**
   * Every real server this scheduler could choose for {@code packet} now, whatever its cursor or
   * random draws: by default every server that is not overloaded and has a weight above 0.
   */
  default List<RealServer> candidates(List<RealServer> destinations, int flags, Packet packet) {
    List<RealServer> eligible = new ArrayList<>();
    for (RealServer server : destinations) {
      if (Schedulers.isEligible(server)) {
        eligible.add(server);
      }
    }
    return eligible;
  }
}
