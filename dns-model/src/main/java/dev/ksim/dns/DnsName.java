package dev.ksim.dns;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An absolute domain name, its labels left to right, spelled as given: DNS compares names without
 * regard to letter case ({@link #sameAs}), but answers keep the spelling of the question, so the
 * spelling is kept too. A label is in presentation form: an octet that is not a plain character
 * stands as {@code \DDD} or {@code \X} (RFC 1035 section 5.1), and the limits of 63 octets per
 * label and 255 per name count octets, not the characters of their escapes.
 */
public record DnsName(List<String> labels) {
  public static final DnsName ROOT = new DnsName(List.of());

  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 255;

  public DnsName {
    labels = ImmutableList.copyOf(labels);
    int length = 1;
    for (String label : labels) {
      int octets = octets(label);
      if (octets == 0 || octets > MAX_LABEL) {
        throw new IllegalArgumentException("invalid label \"" + label + "\"");
      }
      length += octets + 1;
    }
    if (length > MAX_NAME) {
      throw new IllegalArgumentException("name longer than 255 octets");
    }
  }

  /** The octets a label in presentation form stands for: each escape is one. */
  private static int octets(String label) {
    int octets = 0;
    for (int i = 0; i < label.length(); i++) {
      if (label.charAt(i) == '\\' && i + 1 < label.length()) {
        boolean decimal =
            i + 3 < label.length()
                && Character.isDigit(label.charAt(i + 1))
                && Character.isDigit(label.charAt(i + 2))
                && Character.isDigit(label.charAt(i + 3));
        i += decimal ? 3 : 1;
      }
      octets++;
    }
    return octets;
  }

  /** Parses {@code www.example.com} or {@code www.example.com.}; both are absolute. */
  public static DnsName parse(String text) {
    if (text.equals(".")) {
      return ROOT;
    }
    String body = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    return new DnsName(List.of(body.split("\\.", -1)));
  }

  public static Optional<DnsName> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The reverse-lookup name of an address (in-addr.arpa or nibbles under ip6.arpa). */
  public static DnsName reverse(InetAddress address) {
    List<String> labels = new ArrayList<>();
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      for (int i = bytes.length - 1; i >= 0; i--) {
        labels.add(Integer.toString(bytes[i] & 0xff));
      }
      labels.add("in-addr");
    } else {
      for (int i = bytes.length - 1; i >= 0; i--) {
        labels.add(Integer.toHexString(bytes[i] & 0xf));
        labels.add(Integer.toHexString((bytes[i] >> 4) & 0xf));
      }
      labels.add("ip6");
    }
    labels.add("arpa");
    return new DnsName(labels);
  }

  /** The address a reverse name stands for, if it names a whole one. */
  public Optional<InetAddress> reverseAddress() {
    String text = lower().toString();
    StringBuilder ip = new StringBuilder();
    if (text.endsWith(".in-addr.arpa.") && labels.size() == 6) {
      for (int i = 3; i >= 0; i--) {
        ip.append(labels.get(i)).append(i > 0 ? "." : "");
      }
    } else if (text.endsWith(".ip6.arpa.") && labels.size() == 34) {
      for (int i = 31; i >= 0; i--) {
        ip.append(labels.get(i));
        if (i % 4 == 0 && i > 0) {
          ip.append(':');
        }
      }
    } else {
      return Optional.empty();
    }
    String candidate = ip.toString();
    return InetAddresses.isInetAddress(candidate)
        ? Optional.of(InetAddresses.forString(candidate))
        : Optional.empty();
  }

  public int size() {
    return labels.size();
  }

  /** Whether this name is {@code zone} or below it. */
  public boolean isSubdomainOf(DnsName zone) {
    int offset = labels.size() - zone.size();
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < zone.size(); i++) {
      if (!labels.get(offset + i).equalsIgnoreCase(zone.labels().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Equal but for letter case. */
  public boolean sameAs(DnsName other) {
    return size() == other.size() && isSubdomainOf(other);
  }

  /** The last {@code count} labels, spelled as here. */
  public DnsName suffix(int count) {
    return new DnsName(labels.subList(labels.size() - count, labels.size()));
  }

  /** {@code label} followed by this name. */
  public DnsName prefixed(String label) {
    List<String> out = new ArrayList<>(labels.size() + 1);
    out.add(label);
    out.addAll(labels);
    return new DnsName(out);
  }

  public DnsName lower() {
    return new DnsName(labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList());
  }

  /** Octets on the wire without compression. */
  public int wireLength() {
    return labels.stream().mapToInt(l -> octets(l) + 1).sum() + 1;
  }

  /** The name without its trailing dot, as nslookup prints it. */
  public String withoutDot() {
    return labels.isEmpty() ? "." : String.join(".", labels);
  }

  @Override
  public String toString() {
    return labels.isEmpty() ? "." : String.join(".", labels) + ".";
  }
}
