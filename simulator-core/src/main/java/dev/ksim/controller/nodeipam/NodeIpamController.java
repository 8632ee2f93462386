package dev.ksim.controller.nodeipam;

import dev.ksim.api.node.NodeUtil;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import io.fabric8.kubernetes.api.model.Node;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Allocates node pod ranges from the cluster's pod subnets in node-creation order. It is applied to
 * a node before the node is stored (as an admission step), so the first node gets the first block,
 * the second the next, as on a kubeadm cluster brought up node by node.
 */
public final class NodeIpamController {
  private final List<Cidr> clusterCidrs;
  private final Set<Cidr> used = new HashSet<>();

  public NodeIpamController(List<Cidr> clusterCidrs) {
    this.clusterCidrs = List.copyOf(clusterCidrs);
  }

  /** The mask size of node blocks: 24 for IPv4, 64 for IPv6, never shorter than the subnet. */
  private static int maskSize(Cidr cluster) {
    int wanted = cluster.family() == IpFamily.IPV4 ? 24 : 64;
    return Math.max(wanted, cluster.prefixLength());
  }

  /** Gives {@code node} pod ranges when it has none; records the ones it has. */
  public void allocate(Node node) {
    List<Cidr> given = NodeUtil.podCidrs(node);
    if (!given.isEmpty()) {
      used.addAll(given);
      return;
    }
    List<String> allocated = new ArrayList<>();
    for (Cidr cluster : clusterCidrs) {
      int mask = maskSize(cluster);
      BigInteger blocks = BigInteger.ONE.shiftLeft(mask - cluster.prefixLength());
      BigInteger blockSize = BigInteger.ONE.shiftLeft(cluster.family().bits() - mask);
      long limit = blocks.min(BigInteger.valueOf(1 << 20)).longValue();
      for (long i = 0; i < limit; i++) {
        Cidr block =
            Cidr.containing(
                cluster.network().plusBig(blockSize.multiply(BigInteger.valueOf(i))), mask);
        if (used.stream()
            .noneMatch(u -> u.contains(block.network()) || block.contains(u.network()))) {
          used.add(block);
          allocated.add(block.toString());
          break;
        }
      }
    }
    if (!allocated.isEmpty()) {
      if (node.getSpec() == null) {
        node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
      }
      node.getSpec().setPodCIDR(allocated.get(0));
      node.getSpec().setPodCIDRs(allocated);
    }
  }
}
