package dev.ksim.net;

/** An IP address family, named as Kubernetes names them in {@code spec.ipFamilies}. */
public enum IpFamily {
  IPV4("IPv4", 32),
  IPV6("IPv6", 128);

  private final String token;
  private final int bits;

  IpFamily(String token, int bits) {
    this.token = token;
    this.bits = bits;
  }

  /** The spelling in Kubernetes objects: {@code IPv4} or {@code IPv6}. */
  public String token() {
    return token;
  }

  /** Address length in bits. */
  public int bits() {
    return bits;
  }
}
