package dev.ksim.proxy;

/** Makes a mode's proxier for one family on one node (upstream's per-mode {@code NewProxier}). */
@FunctionalInterface
public interface ProxierFactory {
  Proxier create(ProxierContext context);
}
