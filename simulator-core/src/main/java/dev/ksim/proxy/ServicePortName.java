package dev.ksim.proxy;

import dev.ksim.net.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * One port of one Service, as kube-proxy names it: {@code ns/svc:port} (the port part left out when
 * the port has no name), and its protocol.
 */
public record ServicePortName(String namespace, String name, String port, Protocol protocol)
    implements Comparable<ServicePortName> {

  /** The Service this port belongs to. */
  public NamespacedName namespacedName() {
    return new NamespacedName(namespace, name);
  }

  /**
   * Written out, not the record's own (a method handle chain, slow until the JIT has compiled it):
   * every node's maps hash each port several times per sync. The record's formula, but with the
   * protocol's number where the record took the enum's identity hash, which differs from run to
   * run: a map keyed by ports then iterates in the same order in every run.
   */
  @Override
  public int hashCode() {
    return 31 * (31 * (31 * namespace.hashCode() + name.hashCode()) + port.hashCode())
        + protocol.number();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o
        || (o instanceof ServicePortName other
            && protocol == other.protocol
            && name.equals(other.name)
            && port.equals(other.port)
            && namespace.equals(other.namespace));
  }

  /** {@code ns/svc:port}, or {@code ns/svc} for an unnamed port. */
  @Override
  public String toString() {
    return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port);
  }

  @Override
  public int compareTo(ServicePortName other) {
    int c = toString().compareTo(other.toString());
    return c != 0 ? c : protocol.compareTo(other.protocol);
  }
}
