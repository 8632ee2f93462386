package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The server blocks of a Corefile that listen on the DNS port, as CoreDNS would run them. */
public record CoreDnsConfig(List<ServerConfig> servers) {
  public CoreDnsConfig {
    servers = ImmutableList.copyOf(servers);
  }

  /** Parses Corefile text. */
  public static CoreDnsConfig parse(String corefile) {
    List<ServerConfig> servers =
        Corefile.parse(corefile).stream()
            .map(ServerConfig::of)
            .filter(s -> s.port() == 53)
            .toList();
    return new CoreDnsConfig(servers);
  }

  /** The server block that handles {@code name}: the one with the longest matching zone. */
  public @Nullable ServerConfig serverFor(DnsName name) {
    ServerConfig best = null;
    int bestLabels = -1;
    for (ServerConfig server : servers) {
      DnsName zone = Zones.longestMatch(server.zones(), name);
      if (zone != null && zone.size() > bestLabels) {
        best = server;
        bestLabels = zone.size();
      }
    }
    return best;
  }
}
