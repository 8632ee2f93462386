package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * lblcr: a cache maps a destination address to a set of servers (newest first). The set member with
 * the least overhead per weight is used unless it is lblc-overloaded; then the wlc choice over all
 * servers joins the set and is used. A set of more than one server unchanged for {@code
 * lblcr_expiration} (24 h) loses its most loaded member.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_lblcr.c">ip_vs_lblcr.c</a>
 */
final class LocalityBasedLeastConnectionReplication implements Scheduler {
  /** One destination set ({@code struct ip_vs_dest_set}). */
  private static final class ServerSet {
    final List<RealServer> members = new ArrayList<>();
    long lastModified;

    ServerSet(long now) {
      this.lastModified = now;
    }

    void insert(RealServer server, long now) {
      if (!members.contains(server)) {
        members.add(0, server);
        lastModified = now;
      }
    }
  }

  private final Map<IpAddress, ServerSet> cache = new LinkedHashMap<>();
  private final LongSupplier clock;

  LocalityBasedLeastConnectionReplication(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "lblcr";
  }

  /** {@code ip_vs_dest_set_min}. */
  private static @Nullable RealServer setMin(List<RealServer> members) {
    RealServer least = null;
    long loh = 0;
    for (RealServer server : members) {
      if (least == null) {
        if (!server.isOverloaded() && server.weight() > 0 && server.isAvailable()) {
          least = server;
          loh = server.overhead();
        }
        continue;
      }
      if (server.isOverloaded()) {
        continue;
      }
      long doh = server.overhead();
      if (Schedulers.lessLoaded(doh, server, loh, least) && server.isAvailable()) {
        least = server;
        loh = doh;
      }
    }
    return least;
  }

  /** {@code ip_vs_dest_set_max}. */
  private static @Nullable RealServer setMax(List<RealServer> members) {
    RealServer most = null;
    long moh = 0;
    for (RealServer server : members) {
      if (most == null) {
        if (server.weight() > 0) {
          most = server;
          moh = server.overhead();
        }
        continue;
      }
      long doh = server.overhead();
      if (moh * server.weight() < doh * most.weight() && server.weight() > 0) {
        most = server;
        moh = doh;
      }
    }
    return most;
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    long now = clock.getAsLong();
    IpAddress key = packet.destination();
    ServerSet set = cache.get(key);
    if (set != null) {
      RealServer least = setMin(set.members);
      if (set.members.size() > 1
          && now - set.lastModified > LocalityBasedLeastConnection.EXPIRATION_MILLIS) {
        RealServer most = setMax(set.members);
        if (most != null) {
          set.members.remove(most);
        }
      }
      if (least != null && !LocalityBasedLeastConnection.isOverloaded(least, destinations)) {
        return new Choice(
            least,
            explain
                ? Schedulers.chose("lblcr", least, "least loaded of the set cached for " + key)
                : null);
      }
      RealServer chosen = LocalityBasedLeastConnection.leastLoaded(destinations);
      if (chosen == null) {
        return new Choice(null, explain ? Schedulers.none("lblcr") : null);
      }
      set.insert(chosen, now);
      return new Choice(
          chosen,
          explain
              ? Schedulers.chose(
                  "lblcr", chosen, "the set cached for " + key + " is overloaded; joins the set")
              : null);
    }
    RealServer chosen = LocalityBasedLeastConnection.leastLoaded(destinations);
    if (chosen == null) {
      return new Choice(null, explain ? Schedulers.none("lblcr") : null);
    }
    ServerSet created = new ServerSet(now);
    created.insert(chosen, now);
    cache.put(key, created);
    return new Choice(
        chosen,
        explain
            ? Schedulers.chose(
                "lblcr",
                chosen,
                "no set cached for "
                    + key
                    + "; "
                    + Schedulers.ratioWhy(chosen, destinations, RealServer::overhead))
            : null);
  }
}
