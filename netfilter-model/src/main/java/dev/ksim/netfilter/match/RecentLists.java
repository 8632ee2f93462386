package dev.ksim.netfilter.match;

import dev.ksim.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code recent} module's named lists of one kernel (network namespace): per list, the
 * addresses seen and when, newest last. Entries age out in simulated time.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/xt_recent.c">xt_recent.c</a>
 */
public final class RecentLists {
  /** The kernel's default {@code ip_list_tot}: entries kept per list. */
  public static final int LIST_SIZE = 200;

  private static final int PKT_LIST_SIZE = 20;

  private final Map<String, Map<IpAddress, List<Long>>> lists = new TreeMap<>();

  /** Records a sighting of {@code address} on list {@code name} at {@code now}. */
  public void set(String name, IpAddress address, long now) {
    Map<IpAddress, List<Long>> list = lists.computeIfAbsent(name, n -> new LinkedHashMap<>());
    List<Long> stamps = list.remove(address);
    if (stamps == null) {
      stamps = new ArrayList<>();
      if (list.size() >= LIST_SIZE) {
        IpAddress oldest = list.keySet().iterator().next();
        list.remove(oldest);
      }
    }
    stamps.add(now);
    if (stamps.size() > PKT_LIST_SIZE) {
      stamps.remove(0);
    }
    list.put(address, stamps);
  }

  /** The sightings of {@code address} on list {@code name}, oldest first. */
  public List<Long> sightings(String name, IpAddress address) {
    Map<IpAddress, List<Long>> list = lists.get(name);
    List<Long> stamps = list == null ? null : list.get(address);
    return stamps == null ? List.of() : List.copyOf(stamps);
  }

  /** Removes {@code address} from list {@code name}. */
  public void remove(String name, IpAddress address) {
    Map<IpAddress, List<Long>> list = lists.get(name);
    if (list != null) {
      list.remove(address);
    }
  }

  /** Drops sightings older than {@code seconds} for {@code address} ({@code --reap}). */
  public void reap(String name, IpAddress address, long now, long seconds) {
    Map<IpAddress, List<Long>> list = lists.get(name);
    if (list == null) {
      return;
    }
    List<Long> stamps = list.get(address);
    if (stamps != null) {
      stamps.removeIf(t -> now - t > seconds * 1000);
      if (stamps.isEmpty()) {
        list.remove(address);
      }
    }
  }

  /** Forgets every list (a fresh kernel). */
  public void clear() {
    lists.clear();
  }

  /** The names of the lists that exist. */
  public List<String> names() {
    return List.copyOf(lists.keySet());
  }
}
