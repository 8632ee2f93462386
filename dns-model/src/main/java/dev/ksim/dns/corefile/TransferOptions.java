package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsName;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code transfer [ZONE...] { to ADDRESS... }} of a server block: the zones whose transfers
 * (AXFR, IXFR) are allowed, and to whom.
 *
 * @param zones the zones; the server block's when none is given
 * @param to the client addresses allowed, {@code *} for any
 * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/transfer/setup.go">coredns
 *     plugin/transfer/setup.go parseTransfer</a>
 */
public record TransferOptions(List<DnsName> zones, List<String> to) {
  public TransferOptions {
    zones = ImmutableList.copyOf(zones);
    to = ImmutableList.copyOf(to);
  }

  /** Whether a client at {@code address} may transfer (transfer.go {@code allowed}). */
  public boolean allows(String address) {
    return to.stream()
        .anyMatch(
            t ->
                t.equals("*")
                    || (InetAddresses.isInetAddress(address)
                        && InetAddresses.forString(t).equals(InetAddresses.forString(address))));
  }

  static TransferOptions parse(Directive d, List<DnsName> serverZones) {
    String plugin = "transfer";
    List<DnsName> zones =
        d.args().isEmpty()
            ? serverZones
            : d.args().stream().flatMap(a -> Zones.normalize(a, d.line()).stream()).toList();
    List<String> to = new ArrayList<>();
    boolean source = false;
    for (Directive option : d.block()) {
      switch (option.name()) {
        case "to" -> {
          if (option.args().isEmpty()) {
            throw new CorefileException(option.line(), Plugins.argumentError(plugin, "to"));
          }
          option.args().forEach(host -> to.add(host(host, option.line())));
        }
        case "source" -> {
          if (option.args().size() != 1) {
            throw new CorefileException(option.line(), Plugins.argumentError(plugin, "source"));
          }
          if (source) {
            throw new CorefileException(
                option.line(), Plugins.error(plugin, "source already specified"));
          }
          if (!InetAddresses.isInetAddress(option.onlyArg())) {
            throw new CorefileException(
                option.line(),
                Plugins.error(plugin, "invalid source address \"" + option.onlyArg() + "\""));
          }
          source = true;
        }
        default ->
            throw new CorefileException(
                option.line(), Plugins.error(plugin, "unknown property \"" + option.name() + "\""));
      }
    }
    if (to.isEmpty()) {
      throw new CorefileException(d.line(), Plugins.error(plugin, "'to' is required"));
    }
    return new TransferOptions(zones, to);
  }

  /**
   * {@code *}, or an address with an optional port, kept as the address (coredns {@code
   * plugin/pkg/parse/host.go HostPort}: "must specify an IP address").
   */
  private static String host(String text, int line) {
    if (text.equals("*")) {
      return text;
    }
    String host = text;
    if (host.startsWith("[") && host.contains("]")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (!InetAddresses.isInetAddress(host)) {
      throw new CorefileException(
          line, Plugins.error("transfer", "must specify an IP address: `" + host + "'"));
    }
    return host;
  }
}
