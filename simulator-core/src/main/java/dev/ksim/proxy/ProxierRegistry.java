package dev.ksim.proxy;

import java.util.EnumMap;
import java.util.Map;

/**
 * The proxy modes ksim implements, each with the factory of its proxier: adding a mode is adding a
 * package with a proxier and registering it here by its {@link ProxyMode}. kube-proxy looks its
 * configured mode up when it starts (upstream's {@code createProxier} switch in
 * cmd/kube-proxy/app/server_linux.go).
 */
public final class ProxierRegistry {
  private final Map<ProxyMode, ProxierFactory> factories;

  private ProxierRegistry(Map<ProxyMode, ProxierFactory> factories) {
    this.factories = factories;
  }

  /** A registry without modes. */
  public static ProxierRegistry empty() {
    return new ProxierRegistry(new EnumMap<>(ProxyMode.class));
  }

  /** This registry with {@code mode} made by {@code factory}. */
  public ProxierRegistry with(ProxyMode mode, ProxierFactory factory) {
    EnumMap<ProxyMode, ProxierFactory> copy = new EnumMap<>(ProxyMode.class);
    copy.putAll(factories);
    copy.put(mode, factory);
    return new ProxierRegistry(copy);
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
