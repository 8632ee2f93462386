package dev.ksim.node;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every network namespace of the cluster: each node's, registered when its kubelet starts, and each
 * pod's, created by the CNI plugin when the pod gets its address and removed when the pod goes;
 * plus the client ports of hosts outside the cluster that traffic came from.
 */
public final class NetworkNamespaces implements NetworkView {
  private final long secret;
  private final Map<String, NodeNetwork> nodes = new TreeMap<>();
  private final Map<String, NetworkNamespace> pods = new TreeMap<>();
  private final Map<IpAddress, EphemeralPorts> outside = new TreeMap<>();

  /**
   * @param secret the kernels' {@code net_secret}, drawn once from the seeded source
   */
  public NetworkNamespaces(long secret) {
    this.secret = secret;
  }

  /** Client ports for a new namespace. */
  public EphemeralPorts newPorts() {
    return new EphemeralPorts(secret);
  }

  public void addNode(NodeNetwork node) {
    nodes.put(node.name(), node);
  }

  public void addPod(String namespaceAndName, NetworkNamespace namespace) {
    pods.put(namespaceAndName, namespace);
  }

  public Optional<NetworkNamespace> removePod(String namespaceAndName) {
    return Optional.ofNullable(pods.remove(namespaceAndName));
  }

  /** Each node's network, by node name. */
  public Map<String, NodeNetwork> nodeNetworks() {
    return Collections.unmodifiableMap(nodes);
  }

  /** The network of {@code node}, which must have one. */
  public NodeNetwork nodeNetwork(String node) {
    NodeNetwork network = nodes.get(node);
    if (network == null) {
      throw new IllegalStateException("no network for node " + node);
    }
    return network;
  }

  @Override
  public NetworkNamespace node(String node) {
    return nodeNetwork(node).namespace();
  }

  @Override
  public Optional<NetworkNamespace> pod(String namespaceAndName) {
    return Optional.ofNullable(pods.get(namespaceAndName));
  }

  @Override
  public Optional<NetworkNamespace> onNodeSegment(IpAddress address) {
    for (NodeNetwork node : nodes.values()) {
      for (InterfaceAddress a : node.addresses()) {
        if (a.address().equals(address)) {
          return Optional.of(node.namespace());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<NetworkNamespace> namespaces() {
    List<NetworkNamespace> all = new ArrayList<>();
    nodes.values().forEach(n -> all.add(n.namespace()));
    all.addAll(pods.values());
    return all;
  }

  @Override
  public EphemeralPorts outsidePorts(IpAddress address) {
    return outside.computeIfAbsent(address, a -> newPorts());
  }
}
