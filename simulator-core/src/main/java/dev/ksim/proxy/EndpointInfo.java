package dev.ksim.proxy;

import dev.ksim.net.IpPort;

/**
 * One endpoint of a Service port as kube-proxy sees it (upstream's BaseEndpointInfo): its address,
 * conditions (a missing ready or serving counts as true, a missing terminating as false), and
 * whether it is on this node.
 */
public record EndpointInfo(
    IpPort address, boolean ready, boolean serving, boolean terminating, boolean local) {

  /** {@code ip:port}, the string kube-proxy sorts and hashes. */
  @Override
  public String toString() {
    return address.toString();
  }
}
