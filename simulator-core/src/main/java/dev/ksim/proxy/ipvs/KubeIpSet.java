package dev.ksim.proxy.ipvs;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.ipset.IpSetType;

/**
 * The ipsets kube-proxy's ipvs mode keeps (upstream's {@code ipsetInfo}), each with its type and
 * the comment kube-proxy creates it with. The IPv6 proxier's sets are named {@code KUBE-6-...}, cut
 * to the 31 characters an ipset name may have.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/ipvs/ipset.go">pkg/proxy/ipvs/ipset.go</a>
 */
public enum KubeIpSet {
  LOOP_BACK(
      "KUBE-LOOP-BACK",
      IpSetType.HASH_IP_PORT_IP,
      "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
  CLUSTER_IP(
      "KUBE-CLUSTER-IP",
      IpSetType.HASH_IP_PORT,
      "Kubernetes service cluster ip + port for masquerade purpose"),
  EXTERNAL_IP(
      "KUBE-EXTERNAL-IP",
      IpSetType.HASH_IP_PORT,
      "Kubernetes service external ip + port for masquerade and filter purpose"),
  EXTERNAL_IP_LOCAL(
      "KUBE-EXTERNAL-IP-LOCAL",
      IpSetType.HASH_IP_PORT,
      "Kubernetes service external ip + port with externalTrafficPolicy=local"),
  LOAD_BALANCER("KUBE-LOAD-BALANCER", IpSetType.HASH_IP_PORT, "Kubernetes service lb portal"),
  LOAD_BALANCER_FW(
      "KUBE-LOAD-BALANCER-FW",
      IpSetType.HASH_IP_PORT,
      "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
  LOAD_BALANCER_LOCAL(
      "KUBE-LOAD-BALANCER-LOCAL",
      IpSetType.HASH_IP_PORT,
      "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
  LOAD_BALANCER_SOURCE_IP(
      "KUBE-LOAD-BALANCER-SOURCE-IP",
      IpSetType.HASH_IP_PORT_IP,
      "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
  LOAD_BALANCER_SOURCE_CIDR(
      "KUBE-LOAD-BALANCER-SOURCE-CIDR",
      IpSetType.HASH_IP_PORT_NET,
      "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
  NODE_PORT_TCP(
      "KUBE-NODE-PORT-TCP",
      IpSetType.BITMAP_PORT,
      "Kubernetes nodeport TCP port for masquerade purpose"),
  NODE_PORT_LOCAL_TCP(
      "KUBE-NODE-PORT-LOCAL-TCP",
      IpSetType.BITMAP_PORT,
      "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
  NODE_PORT_UDP(
      "KUBE-NODE-PORT-UDP",
      IpSetType.BITMAP_PORT,
      "Kubernetes nodeport UDP port for masquerade purpose"),
  NODE_PORT_LOCAL_UDP(
      "KUBE-NODE-PORT-LOCAL-UDP",
      IpSetType.BITMAP_PORT,
      "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
  NODE_PORT_SCTP(
      "KUBE-NODE-PORT-SCTP-HASH",
      IpSetType.HASH_IP_PORT,
      "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
  NODE_PORT_LOCAL_SCTP(
      "KUBE-NODE-PORT-LOCAL-SCTP-HASH",
      IpSetType.HASH_IP_PORT,
      "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
  HEALTH_CHECK_NODE_PORT(
      "KUBE-HEALTH-CHECK-NODE-PORT", IpSetType.BITMAP_PORT, "Kubernetes health check node port"),
  IPVS_IPS("KUBE-IPVS-IPS", IpSetType.HASH_IP, "Addresses on the ipvs interface");

  /** The longest name an ipset may have ({@code IPSET_MAXNAMELEN} - 1). */
  private static final int MAX_NAME_LENGTH = 31;

  private final String name;
  private final IpSetType type;
  private final String comment;

  KubeIpSet(String name, IpSetType type, String comment) {
    this.name = name;
    this.type = type;
    this.comment = comment;
  }

  /** The set's name for a proxier of {@code family}: {@code KUBE-6-...} for IPv6. */
  public String name(IpFamily family) {
    if (family == IpFamily.IPV4) {
      return name;
    }
    String v6 = "KUBE-6-" + name.substring("KUBE-".length());
    return v6.length() > MAX_NAME_LENGTH ? v6.substring(0, MAX_NAME_LENGTH) : v6;
  }

  public IpSetType type() {
    return type;
  }

  public String comment() {
    return comment;
  }
}
