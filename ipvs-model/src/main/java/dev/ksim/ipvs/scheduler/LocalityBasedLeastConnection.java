package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * lblc: a cache maps a destination address to a real server. A cached server that is available, of
 * weight above 0 and not lblc-overloaded (more active connections than its weight while another
 * server is below half its weight) is used again; otherwise a server is chosen as wlc chooses and
 * cached. Entries unused for {@code lblc_expiration} (24 h) are gone.
 *
 * <p>ksim drops an expired entry when it is looked up; the kernel's periodic sweep (every 60 s, and
 * entries unused for 6 min once the table holds more than 16 K) is not modelled.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_lblc.c">ip_vs_lblc.c</a>
 */
final class LocalityBasedLeastConnection implements Scheduler {
  /** {@code sysctl_lblc_expiration} default, 24 hours. */
  static final long EXPIRATION_MILLIS = 24L * 60 * 60 * 1000;

  /** One cache entry ({@code struct ip_vs_lblc_entry}). */
  private static final class Entry {
    RealServer server;
    long lastUse;

    Entry(RealServer server, long lastUse) {
      this.server = server;
      this.lastUse = lastUse;
    }
  }

  private final Map<IpAddress, Entry> cache = new LinkedHashMap<>();
  private final LongSupplier clock;

  LocalityBasedLeastConnection(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "lblc";
  }

  /** lblc's own overload rule ({@code is_overloaded} in ip_vs_lblc.c and ip_vs_lblcr.c). */
  static boolean isOverloaded(RealServer server, List<RealServer> destinations) {
    if (server.activeConns() > server.weight()) {
      for (RealServer other : destinations) {
        if ((long) other.activeConns() * 2 < other.weight()) {
          return true;
        }
      }
    }
    return false;
  }

  /** wlc's choice skipping overloaded servers ({@code __ip_vs_lblc_schedule}). */
  static @org.jspecify.annotations.Nullable RealServer leastLoaded(List<RealServer> destinations) {
    return WeightedLeastConnection.weightedLeast(destinations, RealServer::overhead);
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    long now = clock.getAsLong();
    IpAddress key = packet.destination();
    Entry entry = cache.get(key);
    if (entry != null && now - entry.lastUse > EXPIRATION_MILLIS) {
      cache.remove(key);
      entry = null;
    }
    if (entry != null) {
      entry.lastUse = now;
      RealServer cached = entry.server;
      if (cached.isAvailable() && cached.weight() > 0 && !isOverloaded(cached, destinations)) {
        return new Choice(
            cached,
            explain ? Schedulers.chose("lblc", cached, "cached for destination " + key) : null);
      }
    }
    RealServer chosen = leastLoaded(destinations);
    if (chosen == null) {
      return new Choice(null, explain ? Schedulers.none("lblc") : null);
    }
    if (entry != null) {
      entry.server = chosen;
    } else {
      cache.put(key, new Entry(chosen, now));
    }
    return new Choice(
        chosen,
        explain
            ? Schedulers.chose(
                "lblc",
                chosen,
                (entry == null ? "no cache entry for " : "cache entry unusable for ")
                    + key
                    + "; "
                    + Schedulers.ratioWhy(chosen, destinations, RealServer::overhead))
            : null);
  }
}
