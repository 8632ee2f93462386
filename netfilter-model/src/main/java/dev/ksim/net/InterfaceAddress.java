package dev.ksim.net;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;

/**
 * An address configured on an interface with its prefix length, {@code 192.168.0.2/24} (unlike a
 * {@link Cidr}, the host bits are set).
 */
public record InterfaceAddress(IpAddress address, int prefixLength) {
  public InterfaceAddress {
    checkArgument(
        prefixLength >= 0 && prefixLength <= address.family().bits(),
        "prefixLength out of range: %s",
        prefixLength);
  }

  /** Parses {@code a.b.c.d/n}; a bare address gets the host prefix. */
  public static Optional<InterfaceAddress> tryParse(String text) {
    int slash = text.indexOf('/');
    Optional<IpAddress> ip = IpAddress.tryParse(slash < 0 ? text : text.substring(0, slash));
    if (ip.isEmpty()) {
      return Optional.empty();
    }
    try {
      int length =
          slash < 0 ? ip.get().family().bits() : Integer.parseInt(text.substring(slash + 1));
      if (length < 0 || length > ip.get().family().bits()) {
        return Optional.empty();
      }
      return Optional.of(new InterfaceAddress(ip.get(), length));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The connected network. */
  public Cidr network() {
    return Cidr.containing(address, prefixLength);
  }

  /** Whether {@code other} is in the connected network (without building it). */
  public boolean networkContains(IpAddress other) {
    return Cidr.sameNetwork(address, prefixLength, other);
  }

  /** The subnet's broadcast address (IPv4 prefixes shorter than /31). */
  public Optional<IpAddress> broadcast() {
    if (!address.isV4() || prefixLength >= 31) {
      return Optional.empty();
    }
    return Optional.of(network().lastAddress());
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
