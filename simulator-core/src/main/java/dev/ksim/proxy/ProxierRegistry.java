package dev.ksim.proxy;

import dev.ksim.node.NodeNetwork;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy modes ksim implements, each with the factory of its proxier: adding a mode is adding a
 * package with a proxier and registering it here by its {@link ProxyMode}. kube-proxy looks its
 * configured mode up when it starts (upstream's {@code createProxier} switch in
 * cmd/kube-proxy/app/server_linux.go). Each mode also registers how its leftovers are removed,
 * which a kube-proxy starting in another mode uses (upstream's {@code platformCleanup}); a mode can
 * have leftovers registered before its proxier is.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server_linux.go">server_linux.go
 *     createProxier, platformCleanup</a>
 */
public final class ProxierRegistry {
  private final Map<ProxyMode, ProxierFactory> factories;
  private final Map<ProxyMode, ModeLeftovers> leftovers;

  private ProxierRegistry(
      Map<ProxyMode, ProxierFactory> factories, Map<ProxyMode, ModeLeftovers> leftovers) {
    this.factories = factories;
    this.leftovers = leftovers;
  }

  /** A registry without modes. */
  public static ProxierRegistry empty() {
    return new ProxierRegistry(new EnumMap<>(ProxyMode.class), new EnumMap<>(ProxyMode.class));
  }

  /** This registry with {@code mode} made by {@code factory}. */
  public ProxierRegistry with(ProxyMode mode, ProxierFactory factory) {
    EnumMap<ProxyMode, ProxierFactory> copy = new EnumMap<>(ProxyMode.class);
    copy.putAll(factories);
    copy.put(mode, factory);
    return new ProxierRegistry(copy, leftovers);
  }

  /** This registry with {@code mode}'s leftovers removed by {@code cleanup}. */
  public ProxierRegistry withLeftovers(ProxyMode mode, ModeLeftovers cleanup) {
    EnumMap<ProxyMode, ModeLeftovers> copy = new EnumMap<>(ProxyMode.class);
    copy.putAll(leftovers);
    copy.put(mode, cleanup);
    return new ProxierRegistry(factories, copy);
  }

  /** The factory of {@code mode}'s proxiers, when ksim has that mode. */
  public Optional<ProxierFactory> find(ProxyMode mode) {
    return Optional.ofNullable(factories.get(mode));
  }

  /**
   * Removes from {@code node} what a kube-proxy starting in {@code starting} mode removes, as
   * upstream's {@code platformCleanup} does without {@code --cleanup}: starting in nftables mode
   * removes the iptables and ipvs leftovers, starting in iptables or ipvs mode removes the nftables
   * leftovers; a switch between iptables and ipvs removes nothing.
   *
   * @return the modes whose leftovers were removed, in mode order
   */
  public List<ProxyMode> platformCleanup(ProxyMode starting, NodeNetwork node) {
    List<ProxyMode> cleaned = new ArrayList<>();
    leftovers.forEach(
        (mode, cleanup) -> {
          if (mode.isIptablesBased() != starting.isIptablesBased()) {
            cleanup.cleanupLeftovers(node);
            cleaned.add(mode);
          }
        });
    return cleaned;
  }

  /**
   * The factory of {@code mode}'s proxiers.
   *
   * @throws IllegalStateException when the mode is not registered (configurations naming a mode
   *     ksim lacks are refused before kube-proxy starts)
   */
  public ProxierFactory factory(ProxyMode mode) {
    ProxierFactory factory = factories.get(mode);
    if (factory == null) {
      throw new IllegalStateException("no proxier registered for mode " + mode.token());
    }
    return factory;
  }
}
