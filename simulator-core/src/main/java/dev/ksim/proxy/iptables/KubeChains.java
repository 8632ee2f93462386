package dev.ksim.proxy.iptables;

/**
 * The names of kube-proxy's top-level chains, and its nfacct counters.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/iptables/proxier.go">proxier.go
 *     kubeServicesChain and the other chain constants</a>
 */
public final class KubeChains {
  public static final ChainName KUBE_SERVICES = ChainName.of("KUBE-SERVICES");
  public static final ChainName KUBE_EXTERNAL_SERVICES = ChainName.of("KUBE-EXTERNAL-SERVICES");
  public static final ChainName KUBE_NODEPORTS = ChainName.of("KUBE-NODEPORTS");
  public static final ChainName KUBE_POSTROUTING = ChainName.of("KUBE-POSTROUTING");
  public static final ChainName KUBE_MARK_MASQ = ChainName.of("KUBE-MARK-MASQ");
  public static final ChainName KUBE_FORWARD = ChainName.of("KUBE-FORWARD");
  public static final ChainName KUBE_PROXY_FIREWALL = ChainName.of("KUBE-PROXY-FIREWALL");
  public static final ChainName KUBE_FIREWALL = ChainName.of("KUBE-FIREWALL");
  public static final ChainName KUBE_PROXY_CANARY = ChainName.of("KUBE-PROXY-CANARY");

  /** nfacct counter of packets to localhost NodePorts. */
  public static final String LOCALHOST_NODEPORTS_ACCEPTED = "localhost_nps_accepted_pkts";

  /** nfacct counter of INVALID packets KUBE-FORWARD drops. */
  public static final String CT_STATE_INVALID_DROPPED = "ct_state_invalid_dropped_pkts";

  private KubeChains() {}
}
