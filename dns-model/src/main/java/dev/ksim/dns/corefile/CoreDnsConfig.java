package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The server blocks of a Corefile that listen on the DNS port, as CoreDNS would run them. */
public record CoreDnsConfig(List<ServerConfig> servers) {
  public CoreDnsConfig {
    servers = ImmutableList.copyOf(servers);
  }

  /** Parses Corefile text with no environment variables set. */
  public static CoreDnsConfig parse(String corefile) {
    return parse(corefile, Map.of());
  }

  /**
   * Parses Corefile text, {@code {$NAME}} read from {@code environment} (the CoreDNS container's).
   * Two server blocks serving the same zone on the same port are refused as CoreDNS refuses them
   * (coredns {@code core/dnsserver/register.go validateZonesAndListeningAddresses}).
   */
  public static CoreDnsConfig parse(String corefile, Map<String, String> environment) {
    List<ServerConfig> all =
        Corefile.parse(corefile, environment).stream().map(ServerConfig::of).toList();
    Set<String> defined = new HashSet<>();
    for (ServerConfig server : all) {
      for (DnsName zone : server.zones()) {
        String key = "dns://" + zone.lower() + ":" + server.port();
        if (!defined.add(key)) {
          throw new CorefileException(
              server.line(), "cannot serve " + key + " - it is already defined");
        }
      }
    }
    return new CoreDnsConfig(all.stream().filter(s -> s.port() == 53).toList());
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
