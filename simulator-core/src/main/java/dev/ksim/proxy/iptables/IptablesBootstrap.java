package dev.ksim.proxy.iptables;

/**
 * What kube-proxy's iptables mode writes once when it starts on a node, as iptables-restore input:
 * the canary chains and the jumps from the built-in chains into its own.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/iptables/proxier.go">proxier.go
 *     iptablesJumpChains, iptablesKubeletJumpChains, iptablesCanaryChains</a>
 */
final class IptablesBootstrap {
  private static final String CANARY = ":" + KubeChains.KUBE_PROXY_CANARY + " - [0:0]\n";

  // kubelet's KUBE-FIREWALL and its jumps are ensured whatever the settings (upstream
  // iptablesKubeletJumpChains); only its rule depends on localhost NodePorts
  private static final String FILTER_JUMPS =
      """
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-NODEPORTS - [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-FORWARD - [0:0]
      :KUBE-PROXY-FIREWALL - [0:0]
      -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
      -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
      -I INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
      -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -I FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
      -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
      -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
      -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
      :KUBE-FIREWALL - [0:0]
      -I INPUT -j KUBE-FIREWALL
      -I OUTPUT -j KUBE-FIREWALL
      """;

  private static final String NAT_JUMPS =
      """
      :KUBE-SERVICES - [0:0]
      :KUBE-POSTROUTING - [0:0]
      -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
      """;

  private IptablesBootstrap() {}

  /** The restore input: mangle, filter and nat, each with its canary. */
  static String restoreInput() {
    return "*mangle\n"
        + CANARY
        + "COMMIT\n*filter\n"
        + CANARY
        + FILTER_JUMPS
        + "COMMIT\n*nat\n"
        + CANARY
        + NAT_JUMPS
        + "COMMIT\n";
  }
}
