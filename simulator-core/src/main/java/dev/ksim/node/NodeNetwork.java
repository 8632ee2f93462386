package dev.ksim.node;

import com.google.common.collect.ImmutableList;
import dev.ksim.api.node.NodeUtil;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsHooks;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.hook.RandomSource;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One node's host network namespace as the node brings it up: its kernel, the addresses of its
 * uplink {@code eth0} (every InternalIP and ExternalIP of the Node, /24 for IPv4 and /64 for IPv6)
 * with the routes of those links and a default route out of it, and {@code lo}. The CNI plugin adds
 * the pods' bridge and the routes to the pod ranges; kube-proxy programs the kernel.
 */
public final class NodeNetwork {
  public static final String UPLINK = "eth0";

  /** The bridge the node's pods are attached to. */
  public static final String BRIDGE = "cni0";

  private final String name;
  private final NetworkNamespace namespace;
  private final Ipvs ipvs;
  private final List<InterfaceAddress> addresses;
  private final List<Cidr> podCidrs;

  public NodeNetwork(Node node, RandomSource random, LongSupplier clock, EphemeralPorts ports) {
    this.name = node.getMetadata().getName();
    Netfilter kernel = new Netfilter(random, clock);
    // the node's IPVS lives in its kernel, its handlers at their hooks (ip_vs_ops4/ops6)
    this.ipvs = new Ipvs(random, clock);
    IpvsHooks.register(ipvs, kernel);
    this.namespace = new NetworkNamespace(name, NetnsName.host(), kernel, ports, null);
    ImmutableList.Builder<InterfaceAddress> list = ImmutableList.builder();
    if (node.getStatus() != null) {
      node.getStatus().getAddresses().stream()
          .filter(a -> "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType()))
          .map(a -> IpAddress.tryParse(String.valueOf(a.getAddress())))
          .flatMap(Optional::stream)
          .forEach(ip -> list.add(new InterfaceAddress(ip, ip.isV4() ? 24 : 64)));
    }
    this.addresses = list.build();
    this.podCidrs = NodeUtil.podCidrs(node);
    for (InterfaceAddress address : addresses) {
      namespace.addAddress(UPLINK, address);
      namespace
          .routes()
          .replace(
              Route.onLink(Cidr.containing(address.address(), address.prefixLength()), UPLINK));
    }
    namespace.routes().replace(Route.onLink(Cidr.parse("0.0.0.0/0"), UPLINK));
    namespace.routes().replace(Route.onLink(Cidr.parse("::/0"), UPLINK));
  }

  public String name() {
    return name;
  }

  public NetworkNamespace namespace() {
    return namespace;
  }

  public Netfilter kernel() {
    return namespace.kernel();
  }

  /** The node's IP Virtual Server (what ipvsadm on the node sees and changes). */
  public Ipvs ipvs() {
    return ipvs;
  }

  /** The addresses of {@code eth0}, in the Node's order. */
  public List<InterfaceAddress> addresses() {
    return addresses;
  }

  /** Every address of the node, loopback included (for nodePortAddresses). */
  public List<InterfaceAddress> allAddresses() {
    return namespace.allAddresses();
  }

  public List<Cidr> podCidrs() {
    return podCidrs;
  }
}
