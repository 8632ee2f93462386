package dev.ksim.proxy.nftables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Service ports need in the table for one sync: their chains with their rules (in the
 * order they are written), the elements of the sets and maps, and the affinity sets with their
 * timeouts.
 */
final class ServiceObjects {
  private final Map<String, List<String>> chains;
  private final Map<String, ElementLine> elements;
  private final Map<String, Integer> affinitySets = new TreeMap<>();

  /** What one Service port needs. */
  ServiceObjects() {
    this(0, 0);
  }

  /** Room for {@code chains} chains and {@code elements} elements (all ports', say) at once. */
  ServiceObjects(int chains, int elements) {
    this.chains = new LinkedHashMap<>(capacity(chains));
    this.elements = new LinkedHashMap<>(capacity(elements));
  }

  /** A hash map's capacity that holds {@code size} entries without growing. */
  private static int capacity(int size) {
    return Math.max(16, (int) (size / 0.75f) + 1);
  }

  /** Declares {@code chain} (empty for now). */
  void chain(String chain) {
    chains.computeIfAbsent(chain, c -> new ArrayList<>());
  }

  /** Appends a rule to {@code chain}, declaring it. */
  void rule(String chain, String rule) {
    chains.computeIfAbsent(chain, c -> new ArrayList<>()).add(rule);
  }

  void element(ElementLine element) {
    elements.put(element.identity(), element);
  }

  void affinitySet(String set, int timeoutSeconds) {
    affinitySets.put(set, timeoutSeconds);
  }

  /**
   * Adds what another Service port needs, after what is already here (an element two ports of one
   * Service both write, their ClusterIP in {@code cluster-ips}, stays where it was first written).
   */
  void addAll(ServiceObjects other) {
    chains.putAll(other.chains);
    elements.putAll(other.elements);
    affinitySets.putAll(other.affinitySets);
  }

  Map<String, List<String>> chains() {
    return chains;
  }

  Map<String, ElementLine> elements() {
    return elements;
  }

  Map<String, Integer> affinitySets() {
    return affinitySets;
  }
}
