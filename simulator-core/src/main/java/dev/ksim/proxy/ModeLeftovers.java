package dev.ksim.proxy;

import dev.ksim.node.NodeNetwork;

/**
 * Removes what one proxy mode leaves on a node after its kube-proxy stopped (upstream's per-mode
 * {@code CleanupLeftovers}), so that a kube-proxy starting in another mode can clear it.
 */
@FunctionalInterface
public interface ModeLeftovers {
  /** Removes the mode's rules, chains, tables, virtual services and sets from {@code node}. */
  void cleanupLeftovers(NodeNetwork node);
}
