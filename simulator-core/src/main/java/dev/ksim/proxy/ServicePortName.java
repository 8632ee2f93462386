package dev.ksim.proxy;

import dev.ksim.net.Protocol;

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
