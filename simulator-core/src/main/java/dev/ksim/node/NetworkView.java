package dev.ksim.node;

import dev.ksim.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the data path may ask of the cluster's network: the namespaces as kubelet and the CNI plugin
 * left them, looked up by node, by pod, or by an address on the nodes' shared segment. Nothing here
 * reads the API store.
 */
public interface NetworkView {
  /** The host namespace of {@code node}. */
  NetworkNamespace node(String node);

  /** The sandbox namespace of pod {@code namespaceAndName}, if the pod has one. */
  Optional<NetworkNamespace> pod(String namespaceAndName);

  /**
   * The node namespace that answers for {@code address} on the nodes' segment (ARP or neighbour
   * discovery on {@code eth0}): the node with that address on its uplink.
   */
  Optional<NetworkNamespace> onNodeSegment(IpAddress address);

  /** Every namespace, nodes first by name, then pods by name. */
  List<NetworkNamespace> namespaces();

  /** The client sockets of {@code address}, a host outside the cluster. */
  EphemeralPorts outsidePorts(IpAddress address);
}
