package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The autopath plugin's configuration ({@code autopath [ZONE...] RESOLV-CONF}): the zones it acts
 * in and where the client's search path comes from, a plugin ({@code @kubernetes}) or a resolv.conf
 * file in the CoreDNS pod.
 *
 * @param zones the zones it acts in; the server block's when none is given
 * @param plugin the plugin named with {@code @} that gives each client's search path, if any
 * @param search the search path read from a file, the empty name last (upstream's sentinel); empty
 *     when {@code plugin} is given
 * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/autopath/setup.go">coredns
 *     plugin/autopath/setup.go autoPathParse</a>
 */
public record AutopathOptions(List<DnsName> zones, Optional<String> plugin, List<DnsName> search) {
  /**
   * The only file ksim's CoreDNS pod has besides its Corefile: the node's resolv.conf (dnsPolicy
   * Default), which on ksim's nodes has no search line.
   */
  private static final String RESOLV_CONF = "/etc/resolv.conf";

  /**
   * Plugins that register no handler in a server block: {@code dnsserver.Config.Handler} finds
   * nothing for them, so {@code autopath @NAME} is then silently inactive, as for a plugin the
   * block does not have.
   */
  private static final Set<String> WITHOUT_HANDLER =
      Set.of("health", "ready", "reload", "bind", "debug");

  public AutopathOptions {
    zones = ImmutableList.copyOf(zones);
    search = ImmutableList.copyOf(search);
  }

  static AutopathOptions parse(Directive d, List<DnsName> serverZones) {
    String plugin = "autopath";
    if (d.args().isEmpty()) {
      throw new CorefileException(d.line(), Plugins.error(plugin, "no resolv-conf specified"));
    }
    if (!d.block().isEmpty()) {
      throw new CorefileException(d.line(), Plugins.argumentError(plugin));
    }
    String resolv = d.args().get(d.args().size() - 1);
    List<DnsName> zones =
        d.args().size() == 1
            ? serverZones
            : d.args().subList(0, d.args().size() - 1).stream()
                .flatMap(a -> Zones.normalize(a, d.line()).stream())
                .toList();
    if (resolv.startsWith("@")) {
      return new AutopathOptions(zones, Optional.of(resolv.substring(1)), List.of());
    }
    if (!resolv.equals(RESOLV_CONF)) {
      throw new CorefileException(
          d.line(),
          Plugins.error(
              plugin,
              "failed to parse \""
                  + resolv
                  + "\": open "
                  + resolv
                  + ": no such file or directory (ksim's CoreDNS pod has only its Corefile and the"
                  + " node's /etc/resolv.conf)"));
    }
    return new AutopathOptions(zones, Optional.empty(), List.of(DnsName.ROOT));
  }

  /**
   * Refuses a search-path plugin the block has that cannot give search paths, as autopath's
   * start-up does ({@code "%s does not implement the AutoPather interface"}); only kubernetes
   * implements it among the plugins ksim models.
   */
  void check(List<Directive> block, int line) {
    Optional<String> named = plugin;
    if (named.isEmpty()
        || named.get().equals("kubernetes")
        || WITHOUT_HANDLER.contains(named.get())) {
      return;
    }
    if (block.stream().anyMatch(d -> d.name().equals(named.get()))) {
      throw new CorefileException(
          line,
          Plugins.error("autopath", named.get() + " does not implement the AutoPather interface"));
    }
  }
}
