package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * How kube-proxy tells pod traffic from other traffic: by source CIDR (cluster CIDR or the node's
 * pod CIDR), by the bridge interface, or by an interface name prefix; the match arguments it adds
 * to rules. Without a CIDR or interface it is a no-op, and the rules that need it are left out.
 *
 * @param ifLocal the arguments that match pod traffic
 * @param ifNotLocal the arguments that match other traffic
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/util/localdetector.go">localdetector.go</a>
 */
public record LocalTrafficDetector(List<String> ifLocal, List<String> ifNotLocal) {
  public static final LocalTrafficDetector NO_OP = new LocalTrafficDetector(List.of(), List.of());

  public LocalTrafficDetector {
    ifLocal = ImmutableList.copyOf(ifLocal);
    ifNotLocal = ImmutableList.copyOf(ifNotLocal);
  }

  public boolean isImplemented() {
    return !ifLocal.isEmpty();
  }

  /** The detector a configuration gives for one family on a node with {@code podCidrs}. */
  public static LocalTrafficDetector of(
      KubeProxyConfiguration config, IpFamily family, List<Cidr> podCidrs) {
    switch (config.detectLocalMode()) {
      case "NodeCIDR" -> {
        return cidr(podCidrs.stream().filter(c -> c.family() == family).findFirst());
      }
      case "BridgeInterface" -> {
        String bridge = config.bridgeInterface();
        return bridge.isEmpty()
            ? NO_OP
            : new LocalTrafficDetector(List.of("-i", bridge), List.of("!", "-i", bridge));
      }
      case "InterfaceNamePrefix" -> {
        String prefix = config.interfaceNamePrefix();
        return prefix.isEmpty()
            ? NO_OP
            : new LocalTrafficDetector(
                List.of("-i", prefix + "+"), List.of("!", "-i", prefix + "+"));
      }
      default -> {
        return cidr(config.clusterCidrs().stream().filter(c -> c.family() == family).findFirst());
      }
    }
  }

  private static LocalTrafficDetector cidr(Optional<Cidr> cidr) {
    return cidr.map(
            c ->
                new LocalTrafficDetector(
                    List.of("-s", c.toString()), List.of("!", "-s", c.toString())))
        .orElse(NO_OP);
  }
}
