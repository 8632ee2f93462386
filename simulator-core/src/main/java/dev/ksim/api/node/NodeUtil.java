package dev.ksim.api.node;

import dev.ksim.net.Cidr;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.List;

/** Questions asked of Node objects by the kubelet, the IPAM controller and the views. */
public final class NodeUtil {
  private NodeUtil() {}

  /** The node's InternalIP addresses, in order. */
  public static List<String> internalIps(Node node) {
    if (node.getStatus() == null) {
      return List.of();
    }
    return node.getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress)
        .toList();
  }

  /** The node's pod ranges ({@code spec.podCIDRs}, else {@code spec.podCIDR}). */
  public static List<Cidr> podCidrs(Node node) {
    List<Cidr> result = new ArrayList<>();
    if (node.getSpec() == null) {
      return result;
    }
    List<String> texts = new ArrayList<>(node.getSpec().getPodCIDRs());
    if (texts.isEmpty() && node.getSpec().getPodCIDR() != null) {
      texts.add(node.getSpec().getPodCIDR());
    }
    for (String text : texts) {
      Cidr.tryParse(text).ifPresent(result::add);
    }
    return result;
  }
}
