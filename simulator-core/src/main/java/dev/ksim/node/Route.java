package dev.ksim.node;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a routing table, as {@code ip route} prints it: {@code PREFIX [via GATEWAY] dev
 * DEVICE}.
 *
 * @param prefix the destinations it covers
 * @param device the interface packets leave by
 * @param via the next hop's address, or null when the destinations are on the link
 */
public record Route(Cidr prefix, String device, @Nullable IpAddress via) {
  public Route {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(device, "device");
  }

  /** A route to destinations directly on {@code device}'s link. */
  public static Route onLink(Cidr prefix, String device) {
    return new Route(prefix, device, null);
  }

  /** The address whose owner the packet is handed to: the gateway, else the destination. */
  public IpAddress nextHop(IpAddress destination) {
    return via != null ? via : destination;
  }

  @Override
  public String toString() {
    return prefix + (via == null ? "" : " via " + via) + " dev " + device;
  }
}
