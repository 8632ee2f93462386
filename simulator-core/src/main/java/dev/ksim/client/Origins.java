package dev.ksim.client;

import dev.ksim.api.node.NodeUtil;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.Origin;
import dev.ksim.datapath.Source;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NodeNetwork;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a trace's source the way kube-proxy's own packet-flow tests do: a node's own address
 * is a process on that node, a loopback address a process on the chosen node, an address in a
 * node's pod range a pod on that node, anything else a client outside arriving at the chosen node.
 * The chosen node is {@code --node}, else the node owning the destination address, else the first
 * node by name. A process on a node or in a pod that connects to a loopback address sends from the
 * loopback address, as the kernel's source selection does.
 */
public final class Origins {
  private final Cluster cluster;

  public Origins(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Resolves {@code text} (an IP, {@code pod/[NS/]NAME} or {@code node/NAME}) for a packet to
   * {@code destination}; {@code node} is {@code --node} or null.
   */
  public Source resolve(String text, @Nullable String node, IpAddress destination, String field) {
    if (text.startsWith("pod/")) {
      Source pod = pod(text.substring(4), destination.family(), field);
      return destination.isLoopback() ? new Source(loopbackSource(destination), pod.origin()) : pod;
    }
    if (text.startsWith("node/")) {
      String name = text.substring(5);
      NodeNetwork network = network(name, field);
      if (destination.isLoopback()) {
        return new Source(loopbackSource(destination), new Origin.NodeProcess(name));
      }
      NetworkNamespace namespace = network.namespace();
      IpAddress address =
          namespace
              .routes()
              .lookup(destination)
              .flatMap(route -> namespace.sourceAddress(route, destination.family()))
              .or(
                  () ->
                      network.addresses().stream()
                          .map(InterfaceAddress::address)
                          .filter(a -> a.family() == destination.family())
                          .findFirst())
              .orElseThrow(
                  () ->
                      KsimInputException.commandLine(
                          field, "node " + name + " has no " + destination.family() + " address"));
      return new Source(address, new Origin.NodeProcess(name));
    }
    IpAddress address =
        IpAddress.tryParse(text)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        field, "expected an IP, pod/[NAMESPACE/]NAME or node/NAME, got " + text));
    if (address.family() != destination.family()) {
      throw KsimInputException.commandLine(
          field, "source " + text + " and destination " + destination + " differ in family");
    }
    String chosen = node == null ? defaultNode(destination) : network(node, "--node").name();
    if (address.isLoopback()) {
      return new Source(address, new Origin.NodeProcess(chosen));
    }
    Optional<String> owner = nodeOwning(cluster, address);
    if (owner.isPresent()) {
      return new Source(address, new Origin.NodeProcess(owner.get()));
    }
    Optional<String> range = podRangeOwner(cluster, address);
    if (range.isPresent()) {
      String pod =
          podAt(cluster, address)
              .filter(p -> range.get().equals(PodUtil.nodeName(p)))
              .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
              .orElse("");
      return new Source(address, new Origin.PodClient(range.get(), pod));
    }
    return new Source(address, new Origin.External(chosen));
  }

  /**
   * The source a local process's kernel gives a connection to a loopback {@code destination}: the
   * route to it is the local table's {@code local 127.0.0.0/8 dev lo ... src 127.0.0.1} (or {@code
   * ::1}), so the packet leaves through {@code lo} with 127.0.0.1 as its source, whichever address
   * the host's other interfaces have.
   *
   * @see <a href="https://github.com/torvalds/linux/blob/v6.12/net/ipv4/route.c">net/ipv4/route.c
   *     (ip_route_output_key_hash_rcu: a local route's preferred source becomes the source)</a>
   */
  private static IpAddress loopbackSource(IpAddress destination) {
    return IpAddress.parse(destination.isV4() ? "127.0.0.1" : "::1");
  }

  /** The node owning {@code destination}, else the first node by name. */
  public String defaultNode(IpAddress destination) {
    return nodeOwning(cluster, destination).orElseGet(cluster::firstNode);
  }

  /** The node one of whose interfaces has {@code address}. */
  static Optional<String> nodeOwning(Cluster cluster, IpAddress address) {
    return cluster.nodeNetworks().values().stream()
        .filter(n -> n.addresses().stream().anyMatch(a -> a.address().equals(address)))
        .map(NodeNetwork::name)
        .findFirst();
  }

  /** The node whose pod range holds {@code address}. */
  static Optional<String> podRangeOwner(Cluster cluster, IpAddress address) {
    for (Node node : cluster.store().list(ResourceType.NODE)) {
      for (Cidr range : NodeUtil.podCidrs(node)) {
        if (range.contains(address)) {
          return Optional.of(node.getMetadata().getName());
        }
      }
    }
    return Optional.empty();
  }

  /** The pod (not on the host network) that has {@code address}. */
  static Optional<Pod> podAt(Cluster cluster, IpAddress address) {
    return cluster.store().list(ResourceType.POD).stream()
        .filter(p -> !Boolean.TRUE.equals(p.getSpec().getHostNetwork()))
        .filter(p -> !PodUtil.nodeName(p).isEmpty())
        .filter(p -> podAddress(p, address.family()).filter(address::equals).isPresent())
        .findFirst();
  }

  private Source pod(String reference, IpFamily family, String field) {
    int slash = reference.indexOf('/');
    String namespace = slash < 0 ? "default" : reference.substring(0, slash);
    String name = reference.substring(slash + 1);
    Pod pod =
        cluster
            .store()
            .<Pod>get(new ObjectKey(ResourceType.POD, namespace, name))
            .orElseThrow(
                () -> KsimInputException.commandLine(field, "no pod " + namespace + "/" + name));
    String node = PodUtil.nodeName(pod);
    IpAddress address =
        podAddress(pod, family)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        field, "pod " + namespace + "/" + name + " has no " + family + " address"));
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return new Source(address, new Origin.NodeProcess(node));
    }
    return new Source(address, new Origin.PodClient(node, namespace + "/" + name));
  }

  private static Optional<IpAddress> podAddress(Pod pod, IpFamily family) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getPodIPs().stream()
        .map(ip -> IpAddress.tryParse(String.valueOf(ip.getIp())))
        .flatMap(Optional::stream)
        .filter(a -> a.family() == family)
        .findFirst()
        .or(() -> IpAddress.tryParse(PodUtil.podIp(pod)).filter(a -> a.family() == family));
  }

  private NodeNetwork network(String name, String field) {
    Map<String, NodeNetwork> networks = cluster.nodeNetworks();
    NodeNetwork network = networks.get(name);
    if (network == null) {
      throw KsimInputException.commandLine(
          field, "no node \"" + name + "\" (nodes: " + String.join(", ", networks.keySet()) + ")");
    }
    return network;
  }
}
