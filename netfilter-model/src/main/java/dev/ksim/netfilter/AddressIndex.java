package dev.ksim.netfilter;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.match.AddrType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host's interface addresses and subnet broadcasts by value, so that the route type of an
 * address is one hash lookup (as the kernel's local and broadcast routes are one FIB lookup) rather
 * than a walk over every address: kube-proxy's ipvs mode binds every Service IP to {@code
 * kube-ipvs0}, tens of thousands of them. Only looked up, never iterated.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/ipv4/fib_frontend.c">fib_frontend.c:
 *     fib_add_ifaddr adds a local route per address and a broadcast route per subnet</a>
 */
final class AddressIndex {
  /** What the index knows of an address for a lookup. */
  enum Kind {
    /** On no interface, nor any subnet's broadcast. */
    NONE,
    /** Only interface addresses. */
    LOCAL,
    /** Only subnet broadcasts. */
    BROADCAST,
    /** Both: which one wins depends on the interfaces' order. */
    MIXED
  }

  private record Entry(String iface, AddrType type) {}

  private final Map<IpAddress, List<Entry>> entries = new HashMap<>();

  void add(String iface, InterfaceAddress address) {
    put(address.address(), new Entry(iface, AddrType.LOCAL));
    address.broadcast().ifPresent(b -> put(b, new Entry(iface, AddrType.BROADCAST)));
  }

  void remove(String iface, InterfaceAddress address) {
    take(address.address(), new Entry(iface, AddrType.LOCAL));
    address.broadcast().ifPresent(b -> take(b, new Entry(iface, AddrType.BROADCAST)));
  }

  /** What {@code address} is on {@code iface} (on any interface when null or empty). */
  Kind kind(IpAddress address, @Nullable String iface) {
    List<Entry> found = entries.get(address);
    if (found == null) {
      return Kind.NONE;
    }
    boolean local = false;
    boolean broadcast = false;
    for (Entry e : found) {
      if (iface == null || iface.isEmpty() || e.iface().equals(iface)) {
        local |= e.type() == AddrType.LOCAL;
        broadcast |= e.type() == AddrType.BROADCAST;
      }
    }
    if (local && broadcast) {
      return Kind.MIXED;
    }
    return local ? Kind.LOCAL : broadcast ? Kind.BROADCAST : Kind.NONE;
  }

  private void put(IpAddress address, Entry entry) {
    entries.computeIfAbsent(address, a -> new ArrayList<>(1)).add(entry);
  }

  private void take(IpAddress address, Entry entry) {
    List<Entry> found = entries.get(address);
    if (found != null && found.remove(entry) && found.isEmpty()) {
      entries.remove(address);
    }
  }
}
