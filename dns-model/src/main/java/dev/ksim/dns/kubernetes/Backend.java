package dev.ksim.dns.kubernetes;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsName;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One thing a name stands for, as CoreDNS's {@code msg.Service}: an address (or, for an
 * ExternalName, a host name) with a port, and the name that SRV records point at.
 */
record Backend(String host, int port, DnsName target, long ttl) {
  /** The address, when {@code host} is one. */
  Optional<InetAddress> address() {
    return InetAddresses.isInetAddress(host)
        ? Optional.of(InetAddresses.forString(host))
        : Optional.empty();
  }

  boolean isName() {
    return address().isEmpty();
  }
}
