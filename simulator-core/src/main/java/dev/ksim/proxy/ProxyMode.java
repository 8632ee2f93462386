package dev.ksim.proxy;

/** kube-proxy's {@code mode}: which proxier programs the node. */
public enum ProxyMode {
  IPTABLES("iptables"),
  IPVS("ipvs"),
  NFTABLES("nftables");

  private final String token;

  ProxyMode(String token) {
    this.token = token;
  }

  /** The spelling in KubeProxyConfiguration. */
  public String token() {
    return token;
  }

  /**
   * Whether the mode programs the node through iptables (iptables and ipvs), as opposed to
   * nftables: what decides which leftovers a starting kube-proxy removes (upstream's {@code
   * isIPTablesBased}).
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server_linux.go">server_linux.go
   *     isIPTablesBased</a>
   */
  public boolean isIptablesBased() {
    return this != NFTABLES;
  }
}
