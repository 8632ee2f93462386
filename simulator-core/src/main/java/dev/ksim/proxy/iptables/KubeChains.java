package dev.ksim.proxy.iptables;

/** The names of kube-proxy's top-level chains, and its masquerade mark. */
public final class KubeChains {
  public static final String KUBE_SERVICES = "KUBE-SERVICES";
  public static final String KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
  public static final String KUBE_NODEPORTS = "KUBE-NODEPORTS";
  public static final String KUBE_POSTROUTING = "KUBE-POSTROUTING";
  public static final String KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
  public static final String KUBE_FORWARD = "KUBE-FORWARD";
  public static final String KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
  public static final String KUBE_FIREWALL = "KUBE-FIREWALL";
  public static final String KUBE_PROXY_CANARY = "KUBE-PROXY-CANARY";

  /** nfacct counter of packets to localhost NodePorts. */
  public static final String LOCALHOST_NODEPORTS_ACCEPTED = "localhost_nps_accepted_pkts";

  /** nfacct counter of INVALID packets KUBE-FORWARD drops. */
  public static final String CT_STATE_INVALID_DROPPED = "ct_state_invalid_dropped_pkts";

  private KubeChains() {}
}
