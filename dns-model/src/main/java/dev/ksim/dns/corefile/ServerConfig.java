package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One server block as ksim models it: the zones it serves and the plugins that touch answers.
 * Plugins that only log, export metrics or answer health checks are accepted and have no effect;
 * any other plugin is refused, so a Corefile ksim would answer wrongly for is an error rather than
 * a silent difference.
 *
 * @param forwardFrom the zone {@code forward} handles, if the block has it
 */
public record ServerConfig(
    List<DnsName> zones,
    int port,
    Optional<KubernetesOptions> kubernetes,
    Optional<CacheOptions> cache,
    Optional<DnsName> forwardFrom,
    boolean loadBalance,
    int line) {
  private static final Set<String> NO_EFFECT =
      Set.of(
          "errors",
          "health",
          "ready",
          "prometheus",
          "loop",
          "reload",
          "log",
          "debug",
          "bind",
          "whoami");

  public ServerConfig {
    zones = ImmutableList.copyOf(zones);
  }

  static ServerConfig of(ServerBlock block) {
    List<DnsName> zones = new ArrayList<>();
    int port = 53;
    for (String key : block.keys()) {
      String host = key.replaceFirst("^dns://", "");
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && !host.contains("/") && host.indexOf(':') == colon) {
        try {
          port = Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new CorefileException(block.line(), "invalid port in server key " + key);
        }
        host = host.substring(0, colon);
      }
      zones.addAll(Zones.normalize(host.isEmpty() ? "." : host, block.line()));
    }
    Optional<KubernetesOptions> kubernetes = Optional.empty();
    Optional<CacheOptions> cache = Optional.empty();
    Optional<DnsName> forward = Optional.empty();
    boolean loadBalance = false;
    for (Directive d : block.directives()) {
      switch (d.name()) {
        case "kubernetes" -> kubernetes = Optional.of(KubernetesOptions.parse(d, zones));
        case "cache" -> cache = Optional.of(CacheOptions.parse(d, zones));
        case "forward" -> {
          if (d.args().size() < 2) {
            throw new CorefileException(d.line(), "forward needs a zone and at least one target");
          }
          forward = Optional.of(Zones.name(d.args().get(0), d.line()));
        }
        case "loadbalance" -> loadBalance = true;
        default -> {
          if (!NO_EFFECT.contains(d.name())) {
            throw new CorefileException(
                d.line(), "plugin " + d.name() + " is not modelled by ksim's CoreDNS");
          }
        }
      }
    }
    return new ServerConfig(zones, port, kubernetes, cache, forward, loadBalance, block.line());
  }
}
