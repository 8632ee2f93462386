package dev.ksim.cni;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.config.PodNetwork;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.hook.RandomSource;
import dev.ksim.node.NetnsName;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NetworkNamespaces;
import dev.ksim.node.NodeNetwork;
import dev.ksim.node.Route;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * flannel's pod network with the bridge plugin: each node's pods hang off the bridge {@value
 * NodeNetwork#BRIDGE} (whose address is the first of the node's pod range, the pods' gateway), each
 * pod by a veth pair whose inner end is the pod's {@code eth0}; the other nodes' pod ranges are
 * routed via those nodes' addresses on the uplink (host-gw) or through the VXLAN device {@value
 * #OVERLAY} (vxlan; the route's gateway stands for flannel's forwarding entry, the remote node's
 * address).
 *
 * @see <a
 *     href="https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md">flannel
 *     backends</a>
 * @see <a href="https://www.cni.dev/plugins/current/main/bridge/">CNI bridge plugin</a>
 */
public final class BridgeNetwork implements NetworkPlugin {
  /** flannel's VXLAN device. */
  public static final String OVERLAY = "flannel.1";

  /** The interface a pod sees. */
  public static final String POD_INTERFACE = "eth0";

  private final NetworkNamespaces namespaces;
  private final PodNetwork backend;
  private final RandomSource random;
  private final LongSupplier clock;

  public BridgeNetwork(
      NetworkNamespaces namespaces, PodNetwork backend, RandomSource random, LongSupplier clock) {
    this.namespaces = namespaces;
    this.backend = backend;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Brings up {@code node}'s bridge for its pod range (when it has one) and routes every node's pod
   * range from every other node, as flanneld does when it learns a node's subnet.
   */
  public void addNode(NodeNetwork node) {
    NetworkNamespace host = node.namespace();
    for (Cidr range : node.podCidrs()) {
      if (range.prefixLength() < range.family().bits()) {
        // the bridge plugin's isGateway: the first address of the range, also what MASQUERADE
        // picks for hairpin traffic leaving by it
        host.addAddress(
            NodeNetwork.BRIDGE, new InterfaceAddress(range.address(1), range.prefixLength()));
      }
      host.routes().replace(Route.onLink(range, NodeNetwork.BRIDGE));
    }
    namespaces.addNode(node);
    for (NodeNetwork from : namespaces.nodeNetworks().values()) {
      for (NodeNetwork to : namespaces.nodeNetworks().values()) {
        if (from != to) {
          routeBetween(from, to);
        }
      }
    }
  }

  private void routeBetween(NodeNetwork from, NodeNetwork to) {
    for (Cidr range : to.podCidrs()) {
      Optional<IpAddress> gateway =
          to.addresses().stream()
              .map(InterfaceAddress::address)
              .filter(a -> a.family() == range.family())
              .findFirst();
      if (gateway.isEmpty()) {
        continue;
      }
      String device = backend == PodNetwork.VXLAN ? OVERLAY : NodeNetwork.UPLINK;
      from.namespace().routes().replace(new Route(range, device, gateway.get()));
    }
  }

  @Override
  public void setUpPod(String node, Pod pod) {
    String key = key(pod);
    if (namespaces.pod(key).isPresent()) {
      return;
    }
    List<IpAddress> addresses =
        PodUtil.podIps(pod).stream().map(IpAddress::tryParse).flatMap(Optional::stream).toList();
    if (addresses.isEmpty()) {
      return;
    }
    NetworkNamespace host = namespaces.node(node);
    NetworkNamespace sandbox =
        new NetworkNamespace(
            node, NetnsName.pod(key), new Netfilter(random, clock), namespaces.newPorts(), pod);
    List<Cidr> ranges = namespaces.nodeNetwork(node).podCidrs();
    for (IpAddress address : addresses) {
      Optional<Cidr> range = ranges.stream().filter(r -> r.contains(address)).findFirst();
      int prefix = range.map(Cidr::prefixLength).orElse(address.isV4() ? 24 : 64);
      sandbox.addAddress(POD_INTERFACE, new InterfaceAddress(address, prefix));
      sandbox
          .routes()
          .replace(
              new Route(
                  Cidr.parse(address.isV4() ? "0.0.0.0/0" : "::/0"),
                  POD_INTERFACE,
                  range.map(r -> r.address(1)).orElse(null)));
      host.attach(address, sandbox);
    }
    namespaces.addPod(key, sandbox);
  }

  @Override
  public void tearDownPod(Pod pod) {
    namespaces
        .removePod(key(pod))
        .ifPresent(
            sandbox -> {
              NetworkNamespace host = namespaces.node(sandbox.node());
              sandbox.addresses(POD_INTERFACE).forEach(a -> host.detach(a.address()));
            });
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
