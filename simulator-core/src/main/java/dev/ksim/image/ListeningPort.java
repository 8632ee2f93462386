package dev.ksim.image;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.Protocol;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A port a process in a container listens on.
 *
 * @param port 1-65535
 * @param protocol TCP, UDP or SCTP
 */
public record ListeningPort(int port, Protocol protocol) implements Comparable<ListeningPort> {
  public ListeningPort {
    checkArgument(port > 0 && port < 65536, "port %s out of range", port);
    checkArgument(protocol.hasPorts(), "protocol %s has no ports", protocol);
  }

  /** {@code PORT} or {@code PORT/PROTOCOL} ({@code 53/UDP}); TCP when no protocol is written. */
  public static Optional<ListeningPort> tryParse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String number = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (number.isEmpty()
        || number.length() > 5
        || (slash >= 0 && trimmed.indexOf('/', slash + 1) >= 0)) {
      return Optional.empty();
    }
    for (int i = 0; i < number.length(); i++) {
      if (number.charAt(i) < '0' || number.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    return of(Integer.parseInt(number), slash < 0 ? "TCP" : trimmed.substring(slash + 1));
  }

  /** {@code port} over the protocol named {@code protocol}, when both are a listening port's. */
  public static Optional<ListeningPort> of(int port, String protocol) {
    Optional<Protocol> parsed = Protocol.tryParse(protocol);
    if (port < 1 || port > 65535 || parsed.isEmpty() || !parsed.get().hasPorts()) {
      return Optional.empty();
    }
    return Optional.of(new ListeningPort(port, parsed.get()));
  }

  /**
   * Written out rather than the record's generated method, which is slow until the JIT's last tier
   * and costs C2 a method-handle chain to compile: every request looks up the port its container
   * listens on. The same value as the generated one.
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ListeningPort that && port == that.port && protocol == that.protocol;
  }

  @Override
  public int hashCode() {
    return port * 31 + protocol.hashCode();
  }

  @Override
  public int compareTo(ListeningPort other) {
    int byPort = Integer.compare(port, other.port);
    return byPort != 0 ? byPort : protocol.compareTo(other.protocol);
  }

  @Override
  public String toString() {
    return port + "/" + protocol.name().toUpperCase(Locale.ROOT);
  }
}
