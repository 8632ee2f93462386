package dev.ksim.image;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.Protocol;
import java.util.Locale;
import java.util.Optional;

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
    String[] parts = text.trim().split("/", -1);
    if (parts.length > 2 || !parts[0].matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    int port = Integer.parseInt(parts[0]);
    Optional<Protocol> protocol =
        parts.length == 2 ? Protocol.tryParse(parts[1]) : Optional.of(Protocol.TCP);
    if (port < 1 || port > 65535 || protocol.isEmpty() || !protocol.get().hasPorts()) {
      return Optional.empty();
    }
    return Optional.of(new ListeningPort(port, protocol.get()));
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
