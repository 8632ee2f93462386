package dev.ksim.proxy;

import dev.ksim.net.IpPort;

/**
 * One endpoint of a Service port as kube-proxy sees it (upstream's BaseEndpointInfo): its address,
 * conditions (a missing ready or serving counts as true, a missing terminating as false), and
 * whether it is on this node.
 */
public record EndpointInfo(
    IpPort address, boolean ready, boolean serving, boolean terminating, boolean local) {

  /** This endpoint, on the node that sees it. */
  EndpointInfo onNode() {
    return new EndpointInfo(address, ready, serving, terminating, true);
  }

  /** {@code ip:port}, the string kube-proxy sorts and hashes. */
  @Override
  public String toString() {
    return address.toString();
  }
}
