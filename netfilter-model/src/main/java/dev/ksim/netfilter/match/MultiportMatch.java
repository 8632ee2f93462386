package dev.ksim.netfilter.match;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code -m multiport} with a port list: up to 15 ports or ranges, of the source, the destination
 * or either.
 *
 * @param direction which ports: source, destination or either
 * @param ports the ports and ranges
 * @param negated {@code ! --dports}
 */
public record MultiportMatch(String direction, List<PortRange> ports, boolean negated)
    implements Match {
  public MultiportMatch {
    ports = ImmutableList.copyOf(ports);
  }

  @Override
  public boolean matches(MatchContext context) {
    var packet = context.packet();
    if (!packet.protocol().hasPorts()) {
      return false;
    }
    boolean hit =
        switch (direction) {
          case "sports" -> ports.stream().anyMatch(p -> p.contains(packet.sourcePort()));
          case "dports" -> ports.stream().anyMatch(p -> p.contains(packet.destinationPort()));
          default ->
              ports.stream()
                  .anyMatch(
                      p -> p.contains(packet.sourcePort()) || p.contains(packet.destinationPort()));
        };
    return hit != negated;
  }

  @Override
  public String save() {
    return "-m multiport "
        + (negated ? "! " : "")
        + "--"
        + direction
        + " "
        + ports.stream().map(PortRange::save).collect(Collectors.joining(","));
  }

  @Override
  public String list(boolean numeric) {
    return "multiport "
        + direction
        + " "
        + (negated ? "! " : "")
        + ports.stream().map(p -> p.list(numeric)).collect(Collectors.joining(","));
  }
}
