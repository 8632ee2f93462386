package dev.ksim.netfilter.ipset;

import java.util.Optional;

/** The set types kube-proxy (ipvs mode) and users need, with their dimensions. */
public enum IpSetType {
  HASH_IP("hash:ip", "ip"),
  HASH_IP_PORT("hash:ip,port", "ip,port"),
  HASH_IP_PORT_IP("hash:ip,port,ip", "ip,port,ip"),
  HASH_IP_PORT_NET("hash:ip,port,net", "ip,port,net"),
  HASH_NET("hash:net", "net"),
  BITMAP_PORT("bitmap:port", "port");

  private final String token;
  private final String dimensions;

  IpSetType(String token, String dimensions) {
    this.token = token;
    this.dimensions = dimensions;
  }

  public String token() {
    return token;
  }

  /** The kinds of the dimensions, e.g. {@code [ip, port]}. */
  public String[] dimensions() {
    return dimensions.split(",", -1);
  }

  public static Optional<IpSetType> tryParse(String text) {
    for (IpSetType type : values()) {
      if (type.token.equals(text)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
