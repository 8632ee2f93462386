package dev.ksim.proxy.ipvs;

import dev.ksim.ipvs.Destination;
import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Graceful removal of real servers (upstream's {@code GracefulTerminationManager}): a real server
 * kube-proxy no longer wants is deleted at once when it is UDP or SCTP or has no connections;
 * otherwise it is set to weight 0 (no new connections) and kept on a list that is retried every
 * minute until its active and inactive connections are gone, then deleted. A real server that comes
 * back while on the list is taken off it.
 *
 * <p>Upstream retries from a timer of its own; ksim retries when the proxier syncs (at least every
 * {@code syncPeriod}) once a minute has passed since the last retry.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/ipvs/graceful_termination.go">graceful_termination.go</a>
 */
final class GracefulTermination {
  /** How often the list is retried ({@code rsCheckDeleteInterval}). */
  static final long CHECK_INTERVAL_MILLIS = 60_000;

  /** A real server of a virtual service, as the list keys it ({@code GetUniqueRSName}). */
  record Entry(ServiceKey service, IpPort server) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int c = service.toString().compareTo(other.service.toString());
      return c != 0 ? c : server.toString().compareTo(other.server.toString());
    }
  }

  private final Ipvs ipvs;

  /** The list, in the order it is retried. */
  private final Set<Entry> list = new TreeSet<>();

  /**
   * The same entries, for the lookup every sync makes per real server ({@link Entry}'s order
   * compares text, too slow for 100,000 lookups a sync).
   */
  private final Set<Entry> listed = new HashSet<>();

  private long lastCheck;

  GracefulTermination(Ipvs ipvs) {
    this.ipvs = ipvs;
    this.lastCheck = ipvs.now();
  }

  boolean contains(ServiceKey service, IpPort server) {
    return !listed.isEmpty() && listed.contains(new Entry(service, server));
  }

  /**
   * Takes a real server that is wanted again off the list ({@code MoveRSOutofGracefulDeleteList}).
   */
  void cancel(ServiceKey service, IpPort server) {
    Entry entry = new Entry(service, server);
    if (listed.remove(entry)) {
      list.remove(entry);
      ipvs.deleteDestination(service, server);
    }
  }

  /** Deletes a real server now if it may go, else quiesces it and lists it. */
  void delete(ServiceKey service, IpPort server) {
    Entry entry = new Entry(service, server);
    if (tryDelete(entry)) {
      return;
    }
    ipvs.editDestination(service, new Destination(server, ForwardMethod.MASQ, 0, 0, 0));
    list.add(entry);
    listed.add(entry);
  }

  /** Retries the list when a minute has passed since the last retry. */
  void retryIfDue() {
    long now = ipvs.now();
    if (now - lastCheck < CHECK_INTERVAL_MILLIS) {
      return;
    }
    lastCheck = now;
    ipvs.connections();
    for (Iterator<Entry> it = list.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (tryDelete(entry)) {
        it.remove();
        listed.remove(entry);
      }
    }
  }

  /** Whether the real server is gone (deleted now, or already with its virtual service). */
  private boolean tryDelete(Entry entry) {
    Optional<RealServer> server =
        ipvs.service(entry.service()).flatMap(vs -> vs.destination(entry.server()));
    if (server.isEmpty()) {
      return true;
    }
    boolean graceful = entry.service().protocol() == Protocol.TCP;
    if (graceful && server.get().activeConns() + server.get().inactiveConns() != 0) {
      return false;
    }
    ipvs.deleteDestination(entry.service(), entry.server());
    return true;
  }
}
