package dev.ksim.ipvs;

import dev.ksim.net.IpPort;
import java.util.Objects;

/**
 * A real server as a request describes it ({@code struct ip_vs_dest_user}): what {@code ipvsadm -a}
 * and {@code -e} give.
 *
 * @param address its address and port
 * @param forward the forwarding method
 * @param weight its weight (0 = quiescent)
 * @param upperThreshold the upper connection threshold, 0 for none
 * @param lowerThreshold the lower connection threshold, 0 for none
 */
public record Destination(
    IpPort address, ForwardMethod forward, int weight, int upperThreshold, int lowerThreshold) {
  public Destination {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(forward, "forward");
  }

  /** A masquerading real server of weight 1, as kube-proxy adds them. */
  public static Destination masq(IpPort address) {
    return new Destination(address, ForwardMethod.MASQ, 1, 0, 0);
  }
}
