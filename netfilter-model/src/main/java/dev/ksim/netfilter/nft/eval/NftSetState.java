package dev.ksim.netfilter.nft.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The elements rules added to dynamic sets at run time (session affinity's {@code update
 * @affinity-... { ip saddr }}), with their expiry in simulated time: kernel state, kept apart from
 * the ruleset that {@code nft -f} replaces.
 */
public final class NftSetState {
  private final Map<String, Map<List<Object>, Long>> expiries = new LinkedHashMap<>();

  /** Adds or refreshes an element, expiring at {@code expiresAt} (milliseconds). */
  public void update(String table, String set, List<Object> key, long expiresAt) {
    expiries.computeIfAbsent(table + " " + set, k -> new LinkedHashMap<>()).put(key, expiresAt);
  }

  /** Whether an unexpired element with this key was added at run time. */
  public boolean contains(String table, String set, List<Object> key, long now) {
    Map<List<Object>, Long> elements = expiries.get(table + " " + set);
    if (elements == null) {
      return false;
    }
    Long expiresAt = elements.get(key);
    return expiresAt != null && expiresAt > now;
  }

  /** The unexpired run-time elements of a set, with their expiry, in the order they were added. */
  public List<Map.Entry<List<Object>, Long>> elements(String table, String set, long now) {
    List<Map.Entry<List<Object>, Long>> live = new ArrayList<>();
    Map<List<Object>, Long> elements = expiries.get(table + " " + set);
    if (elements != null) {
      for (Map.Entry<List<Object>, Long> entry : elements.entrySet()) {
        if (entry.getValue() > now) {
          live.add(entry);
        }
      }
    }
    return live;
  }

  /** Forgets everything (a fresh kernel with the same ruleset). */
  public void clear() {
    expiries.clear();
  }
}
