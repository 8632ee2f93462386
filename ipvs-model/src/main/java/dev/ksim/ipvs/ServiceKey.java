package dev.ksim.ipvs;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.Objects;

/**
 * What identifies a virtual service: protocol, address and port, or a firewall mark (then the
 * address is the family's unspecified one, the port 0 and the protocol TCP, as ipvsadm sets them).
 *
 * @param family the address family
 * @param protocol TCP, UDP or SCTP
 * @param address the virtual address
 * @param port the virtual port (0: every port, for persistent services)
 * @param fwmark the firewall mark, 0 for an address-based service
 */
public record ServiceKey(
    IpFamily family, Protocol protocol, IpAddress address, int port, long fwmark) {
  public ServiceKey {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(address, "address");
    checkArgument(
        protocol == Protocol.TCP || protocol == Protocol.UDP || protocol == Protocol.SCTP,
        "protocol: IPVS serves TCP, UDP and SCTP, not %s",
        protocol);
    checkArgument(address.family() == family, "address: %s is not %s", address, family);
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
    checkArgument(fwmark >= 0 && fwmark <= 0xffffffffL, "fwmark out of range: %s", fwmark);
  }

  private static final IpAddress ANY_V4 = IpAddress.parse("0.0.0.0");
  private static final IpAddress ANY_V6 = IpAddress.parse("::");

  /** An address-based service. */
  public static ServiceKey of(Protocol protocol, IpPort address) {
    return new ServiceKey(address.ip().family(), protocol, address.ip(), address.port(), 0);
  }

  /** A firewall-mark service. */
  public static ServiceKey fwmark(long mark, IpFamily family) {
    checkArgument(mark > 0, "fwmark: must be above 0, got %s", mark);
    return new ServiceKey(family, Protocol.TCP, family == IpFamily.IPV4 ? ANY_V4 : ANY_V6, 0, mark);
  }

  public boolean isFwmark() {
    return fwmark != 0;
  }

  /** The virtual address and port. */
  public IpPort ipPort() {
    return new IpPort(address, port);
  }

  /** {@code TCP 10.96.0.1:443} or {@code FWM 5}, as traces name a service. */
  @Override
  public String toString() {
    if (isFwmark()) {
      return "FWM " + fwmark + (family == IpFamily.IPV6 ? " IPv6" : "");
    }
    return protocol.name() + " " + ipPort();
  }
}
