package dev.ksim.net;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An address and a port: {@code 10.244.1.2:80}, or {@code [2001:db8::1]:80} for IPv6.
 *
 * @param ip the address
 * @param port the port (0 to 65535)
 */
public record IpPort(IpAddress ip, int port) implements Comparable<IpPort> {
  public IpPort {
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
  }

  /** Parses {@code a.b.c.d:port} or {@code [v6]:port}. */
  public static Optional<IpPort> tryParse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        return Optional.empty();
      }
      return IpAddress.tryParse(host).map(ip -> new IpPort(ip, port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Written out rather than the record's generated method, which is slow until the JIT's last tier
   * and costs C2 a method-handle chain to compile: every reply checks where it came from, and
   * tables of connections are keyed by endpoints. The same value as the generated one.
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof IpPort that && port == that.port && ip.equals(that.ip);
  }

  @Override
  public int hashCode() {
    return ip.hashCode() * 31 + port;
  }

  @Override
  public int compareTo(IpPort other) {
    int byIp = ip.compareTo(other.ip);
    return byIp != 0 ? byIp : Integer.compare(port, other.port);
  }

  @Override
  public String toString() {
    return ip.isV4() ? ip + ":" + port : "[" + ip + "]:" + port;
  }
}
