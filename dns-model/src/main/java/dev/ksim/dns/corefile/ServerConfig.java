package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One server block as ksim models it: the zones it serves and the plugins that touch answers.
 * Plugins that only log, export metrics or answer health checks are accepted and have no effect
 * ({@link InertPlugin}); any other plugin is refused, so a Corefile ksim would answer wrongly for
 * is an error rather than a silent difference.
 *
 * @param forwardFrom the zones {@code forward} handles, one per {@code forward} line, in order
 * @param autopath the search-path shortcut, if configured
 * @param transfers the zone transfers allowed, in the order of their directives
 */
public record ServerConfig(
    List<DnsName> zones,
    int port,
    Optional<KubernetesOptions> kubernetes,
    Optional<CacheOptions> cache,
    List<DnsName> forwardFrom,
    boolean loadBalance,
    Optional<AutopathOptions> autopath,
    List<TransferOptions> transfers,
    int line) {
  /** coredns {@code plugin/forward/setup.go}: the most upstreams one forward takes. */
  private static final int MAX_UPSTREAMS = 15;

  /** The only file a CoreDNS pod has that forward can read nameservers from. */
  private static final String RESOLV_CONF = "/etc/resolv.conf";

  private static final Set<String> FORWARD_PROPERTIES =
      Set.of(
          "except",
          "max_fails",
          "health_check",
          "force_tcp",
          "prefer_udp",
          "tls",
          "tls_servername",
          "expire",
          "policy",
          "max_concurrent",
          "next",
          "failfast_all_unhealthy_upstreams");

  public ServerConfig {
    zones = ImmutableList.copyOf(zones);
    forwardFrom = ImmutableList.copyOf(forwardFrom);
    transfers = ImmutableList.copyOf(transfers);
  }

  static ServerConfig of(ServerBlock block) {
    List<DnsName> zones = new ArrayList<>();
    int port = 53;
    for (String key : block.keys()) {
      String host = key.replaceFirst("^dns://", "");
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && Zones.isPort(host.substring(colon + 1))) {
        port = port(host.substring(colon + 1), key, block.line());
        host = host.substring(0, colon);
      } else if (colon >= 0 && !host.contains("/") && host.indexOf(':') == colon) {
        throw new CorefileException(block.line(), "invalid port in server key " + key);
      }
      zones.addAll(Zones.normalize(host.isEmpty() ? "." : host, block.line()));
    }
    Optional<KubernetesOptions> kubernetes = Optional.empty();
    Optional<CacheOptions> cache = Optional.empty();
    List<DnsName> forward = new ArrayList<>();
    boolean loadBalance = false;
    Optional<AutopathOptions> autopath = Optional.empty();
    List<TransferOptions> transfers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Directive d : block.directives()) {
      boolean again = !seen.add(d.name());
      switch (d.name()) {
        case "kubernetes" -> {
          once(d, again);
          kubernetes = Optional.of(KubernetesOptions.parse(d, zones));
        }
        case "cache" -> {
          once(d, again);
          cache = Optional.of(CacheOptions.parse(d, zones));
        }
        case "forward" -> forward.add(forward(d));
        case "loadbalance" -> loadBalance = loadBalance(d);
        case "autopath" -> autopath = Optional.of(AutopathOptions.parse(d, zones));
        case "transfer" -> transfers.add(TransferOptions.parse(d, zones));
        default -> {
          InertPlugin inert =
              InertPlugin.named(d.name())
                  .orElseThrow(
                      () ->
                          new CorefileException(
                              d.line(),
                              "plugin " + d.name() + " is not modelled by ksim's CoreDNS"));
          once(d, again && inert.once());
          inert.check(d);
        }
      }
    }
    autopath.ifPresent(a -> a.check(block.directives(), block.line()));
    return new ServerConfig(
        zones, port, kubernetes, cache, forward, loadBalance, autopath, transfers, block.line());
  }

  /** A server key's port: Go's strconv.Atoi, then net.ResolveTCPAddr's range check. */
  private static int port(String text, String key, int line) {
    long port = Plugins.atoi("dns", text, line);
    if (port < 0 || port > 65535) {
      throw new CorefileException(
          line, "listen tcp: address " + port + ": invalid port (server key " + key + ")");
    }
    return (int) port;
  }

  private static void once(Directive d, boolean again) {
    if (again) {
      throw new CorefileException(d.line(), Plugins.once(d.name()));
    }
  }

  /**
   * {@code forward FROM TO...} (coredns v1.12.1 {@code plugin/forward/setup.go}, {@code
   * plugin/pkg/parse/host.go}): each TO an address, {@code address:port}, with {@code dns://} or
   * {@code tls://}, or a resolv.conf file.
   */
  private static DnsName forward(Directive d) {
    String plugin = "forward";
    if (d.args().size() < 2) {
      throw new CorefileException(d.line(), Plugins.argumentError(plugin));
    }
    List<String> to = d.args().subList(1, d.args().size());
    for (String upstream : to) {
      if (!isUpstream(upstream)) {
        throw new CorefileException(
            d.line(), Plugins.error(plugin, "not an IP address or file: \"" + upstream + "\""));
      }
    }
    if (to.size() > MAX_UPSTREAMS) {
      throw new CorefileException(
          d.line(),
          Plugins.error(plugin, "more than " + MAX_UPSTREAMS + " TOs configured: " + to.size()));
    }
    for (Directive option : d.block()) {
      if (!FORWARD_PROPERTIES.contains(option.name())) {
        throw new CorefileException(option.line(), Plugins.unknownProperty(plugin, option.name()));
      }
    }
    String from = d.args().get(0);
    return DnsName.tryParse(from.replaceFirst("^dns://", ""))
        .map(DnsName::lower)
        .orElseThrow(
            () ->
                new CorefileException(
                    d.line(), Plugins.error(plugin, "unable to normalize '" + from + "'")));
  }

  private static boolean isUpstream(String text) {
    String host = text.replaceFirst("^(dns|tls)://", "");
    if (host.equals(RESOLV_CONF)) {
      return true;
    }
    if (host.startsWith("[") && host.contains("]")) {
      String rest = host.substring(host.indexOf(']') + 1);
      return InetAddresses.isInetAddress(host.substring(1, host.indexOf(']')))
          && (rest.isEmpty() || rest.matches(":[0-9]{1,5}"));
    }
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) {
      return InetAddresses.isInetAddress(host.substring(0, colon))
          && host.substring(colon + 1).matches("[0-9]{1,5}");
    }
    return InetAddresses.isInetAddress(host);
  }

  /**
   * {@code loadbalance [round_robin | weighted FILE]} (coredns v1.12.1 {@code
   * plugin/loadbalance/setup.go}). The weighted policy reads its weights from a file in the CoreDNS
   * pod; ksim's CoreDNS pod holds only its Corefile, so that policy is refused after its syntax is
   * checked, rather than answered without weights.
   */
  private static boolean loadBalance(Directive d) {
    String plugin = "loadbalance";
    List<String> args = d.args();
    if (args.isEmpty()) {
      return true;
    }
    switch (args.get(0)) {
      case "round_robin" -> {
        if (args.size() > 1 || !d.block().isEmpty()) {
          throw new CorefileException(
              d.line(), Plugins.error(plugin, "unknown property for round_robin"));
        }
        return true;
      }
      case "weighted" -> {
        if (args.size() < 2) {
          throw new CorefileException(
              d.line(), Plugins.error(plugin, "missing weight file argument"));
        }
        if (args.size() > 2) {
          throw new CorefileException(d.line(), Plugins.error(plugin, "unexpected argument(s)"));
        }
        for (Directive option : d.block()) {
          if (!option.name().equals("reload")) {
            throw new CorefileException(
                option.line(), Plugins.unknownProperty(plugin, option.name()));
          }
        }
        throw new CorefileException(
            d.line(),
            Plugins.error(
                plugin,
                "weight file "
                    + args.get(1)
                    + ": ksim's CoreDNS pod has no such file (only the Corefile is mounted);"
                    + " use loadbalance round_robin"));
      }
      default ->
          throw new CorefileException(
              d.line(), Plugins.error(plugin, "unknown policy: " + args.get(0)));
    }
  }
}
