package dev.ksim.node;

import com.google.common.collect.ImmutableList;
import dev.ksim.api.node.NodeUtil;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsHooks;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.RandomSource;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One node's host network namespace: its kernel and the addresses of its uplink {@code eth0} (every
 * InternalIP and ExternalIP of the Node, /24 for IPv4 and /64 for IPv6), of the pods' bridge {@code
 * cni0} (the gateway address of each pod range) and of {@code lo}.
 */
public final class NodeNetwork {
  public static final String UPLINK = "eth0";

  /** The bridge the node's pods are attached to. */
  public static final String BRIDGE = "cni0";

  private final String name;
  private final Netfilter kernel;
  private final Ipvs ipvs;
  private final List<InterfaceAddress> addresses;
  private final List<Cidr> podCidrs;

  public NodeNetwork(Node node, RandomSource random, LongSupplier clock) {
    this.name = node.getMetadata().getName();
    this.kernel = new Netfilter(random, clock);
    // the node's IPVS lives in its kernel, its handlers at their hooks (ip_vs_ops4/ops6)
    this.ipvs = new Ipvs(random, clock);
    IpvsHooks.register(ipvs, kernel);
    List<InterfaceAddress> list = new ArrayList<>();
    if (node.getStatus() != null) {
      node.getStatus().getAddresses().stream()
          .filter(a -> "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType()))
          .map(a -> IpAddress.tryParse(String.valueOf(a.getAddress())))
          .flatMap(java.util.Optional::stream)
          .forEach(ip -> list.add(new InterfaceAddress(ip, ip.isV4() ? 24 : 64)));
    }
    this.addresses = ImmutableList.copyOf(list);
    this.podCidrs = NodeUtil.podCidrs(node);
    addresses.forEach(a -> kernel.addAddress(UPLINK, a));
    // the CNI bridge is the pods' gateway: the first address of each pod range (bridge plugin,
    // isGateway), which is also what MASQUERADE picks for hairpin traffic leaving by it
    podCidrs.stream()
        .filter(range -> range.prefixLength() < range.family().bits())
        .forEach(
            range ->
                kernel.addAddress(
                    BRIDGE, new InterfaceAddress(range.address(1), range.prefixLength())));
  }

  public String name() {
    return name;
  }

  public Netfilter kernel() {
    return kernel;
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
    List<InterfaceAddress> all = new ArrayList<>();
    kernel.interfaces().values().forEach(all::addAll);
    return all;
  }

  public List<Cidr> podCidrs() {
    return podCidrs;
  }
}
