package dev.ksim.dns.corefile;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Zone names as CoreDNS normalises them: lower case, fully qualified, and a CIDR written where a
 * zone is expected turned into the reverse zones that cover it (on octet boundaries for IPv4,
 * nibble boundaries for IPv6), as CoreDNS's {@code plugin.Host.NormalizeExact} does.
 */
public final class Zones {
  public static final DnsName IN_ADDR_ARPA = DnsName.parse("in-addr.arpa.");
  public static final DnsName IP6_ARPA = DnsName.parse("ip6.arpa.");

  private Zones() {}

  /** The zones {@code text} stands for, at {@code line} of the Corefile. */
  public static List<DnsName> normalize(String text, int line) {
    String host = text.replaceFirst("^dns://", "");
    int colon = host.lastIndexOf(':');
    if (colon > 0 && isPort(host.substring(colon + 1))) {
      host = host.substring(0, colon);
    }
    if (host.contains("/")) {
      return reverseZones(host, line);
    }
    return List.of(name(host, line));
  }

  /**
   * Whether the text after a key's last colon is its port: digits, as coredns {@code
   * plugin.SplitHostPort} takes them ({@code 10.0.0.0/8:53} is a reverse zone on port 53, {@code
   * fd00::/64} a reverse zone alone).
   */
  static boolean isPort(String text) {
    return text.matches("[+-]?[0-9]+");
  }

  /** {@code text} as an absolute, lower-case name. */
  public static DnsName name(String text, int line) {
    return DnsName.tryParse(text)
        .map(DnsName::lower)
        .orElseThrow(() -> new CorefileException(line, "invalid zone " + text));
  }

  private static List<DnsName> reverseZones(String cidr, int line) {
    String[] parts = cidr.split("/", 2);
    InetAddress address;
    int prefix;
    try {
      address = InetAddresses.forString(parts[0]);
      prefix = Integer.parseInt(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new CorefileException(line, "invalid CIDR zone " + cidr);
    }
    int bits = address.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new CorefileException(line, "invalid CIDR zone " + cidr);
    }
    int unit = bits == 32 ? 8 : 4;
    int rounded = (prefix + unit - 1) / unit * unit;
    byte[] base = masked(address.getAddress(), prefix);
    List<DnsName> zones = new ArrayList<>();
    for (int i = 0; i < 1 << (rounded - prefix); i++) {
      byte[] bytes = base.clone();
      for (int bit = 0; bit < rounded - prefix; bit++) {
        if ((i >> bit & 1) != 0) {
          int position = rounded - 1 - bit;
          bytes[position / 8] |= (byte) (0x80 >> (position % 8));
        }
      }
      DnsName full = DnsName.reverse(address(bytes));
      zones.add(full.suffix(full.size() - (bits - rounded) / unit));
    }
    return zones;
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 octets", e);
    }
  }

  private static byte[] masked(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    return out;
  }

  /** Whether {@code zone} is under in-addr.arpa. or ip6.arpa. */
  public static boolean isReverse(DnsName zone) {
    return zone.isSubdomainOf(IN_ADDR_ARPA) || zone.isSubdomainOf(IP6_ARPA);
  }

  /** The longest of {@code zones} that {@code name} is in, or null. */
  public static @Nullable DnsName longestMatch(List<DnsName> zones, DnsName name) {
    DnsName best = null;
    for (DnsName zone : zones) {
      if (name.isSubdomainOf(zone) && (best == null || zone.size() > best.size())) {
        best = zone;
      }
    }
    return best;
  }
}
