package dev.ksim.netfilter.target;

import dev.ksim.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A NAT range: addresses (null to keep the packet's, as MASQUERADE and REDIRECT decide them later)
 * and ports (0 to keep the port).
 *
 * @param minIp the first address, or null
 * @param maxIp the last address, or null
 * @param minPort the first port, 0 for none
 * @param maxPort the last port, 0 for none
 */
public record NatRange(
    @Nullable IpAddress minIp, @Nullable IpAddress maxIp, int minPort, int maxPort) {
  public boolean hasPorts() {
    return minPort != 0;
  }

  /**
   * As iptables prints it: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code 1.2.3.4-1.2.3.9:1000-2000}.
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    if (minIp != null) {
      boolean v6 = !minIp.isV4();
      String ips = minIp.equals(maxIp) || maxIp == null ? minIp.toString() : minIp + "-" + maxIp;
      sb.append(v6 && hasPorts() ? "[" + ips + "]" : ips);
    }
    if (hasPorts()) {
      sb.append(minIp != null ? ":" : "")
          .append(minPort == maxPort ? Integer.toString(minPort) : minPort + "-" + maxPort);
    }
    return sb.toString();
  }
}
