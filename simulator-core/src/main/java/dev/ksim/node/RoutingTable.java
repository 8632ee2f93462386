package dev.ksim.node;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A namespace's main routing table: the most specific route whose prefix holds the destination wins
 * (longest-prefix match, as the kernel's FIB lookup); among routes of equal length the first added.
 *
 * @see <a href="https://man7.org/linux/man-pages/man8/ip-route.8.html">ip-route(8)</a>
 */
public final class RoutingTable {
  private final List<Route> routes = new ArrayList<>();

  /** {@link #routes()}, kept until the table changes: the data path asks on every crossing. */
  private @Nullable List<Route> sorted;

  /** Adds {@code route}, replacing one for the same prefix ({@code ip route replace}). */
  public void replace(Route route) {
    routes.removeIf(r -> r.prefix().equals(route.prefix()));
    routes.add(route);
    sorted = null;
  }

  /** Removes the route for {@code prefix}, if any. */
  public void remove(Cidr prefix) {
    routes.removeIf(r -> r.prefix().equals(prefix));
    sorted = null;
  }

  /** The route {@code destination} takes, if any route covers it. */
  public Optional<Route> lookup(IpAddress destination) {
    Route best = null;
    for (Route route : routes) {
      if (route.prefix().contains(destination)
          && (best == null || route.prefix().prefixLength() > best.prefix().prefixLength())) {
        best = route;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The routes, most specific first (the order a first-match walk needs): the same list until the
   * table changes.
   */
  public List<Route> routes() {
    List<Route> result = sorted;
    if (result == null) {
      List<Route> ordered = new ArrayList<>(routes);
      ordered.sort(Comparator.comparingInt((Route r) -> -r.prefix().prefixLength()));
      result = List.copyOf(ordered);
      sorted = result;
    }
    return result;
  }
}
