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
}
