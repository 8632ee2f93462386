package dev.ksim.netfilter.ipset;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One IP set: its type, family and members. Members are kept in their canonical text form ({@code
 * 10.96.0.10,tcp:80}); a lookup builds the packet's key the same way. Networks of {@code hash:net}
 * and the net dimension of {@code hash:ip,port,net} are tested by containment.
 */
public final class IpSet {
  private final String name;
  private final IpSetType type;
  private final IpFamily family;
  private final String comment;
  private final String range;
  private final Set<String> members = new LinkedHashSet<>();
  private final List<Cidr> nets = new ArrayList<>();

  public IpSet(String name, IpSetType type, IpFamily family, String comment) {
    this(name, type, family, comment, "0-65535");
  }

  /**
   * A set; {@code range} is the port range of a bitmap:port set ({@code 0-65535}), ignored by hash
   * types.
   */
  public IpSet(String name, IpSetType type, IpFamily family, String comment, String range) {
    this.name = name;
    this.type = type;
    this.family = family;
    this.comment = comment;
    this.range = range;
  }

  /** A bitmap:port set's {@code range}. */
  public String range() {
    return range;
  }

  public String name() {
    return name;
  }

  /** A set with the same settings and members, independent of this one. */
  public IpSet copy() {
    IpSet copy = new IpSet(name, type, family, comment, range);
    members.forEach(copy::add);
    return copy;
  }

  public IpSetType type() {
    return type;
  }

  public IpFamily family() {
    return family;
  }

  public String comment() {
    return comment;
  }

  /** The members in insertion order, as {@code ipset save} prints them. */
  public List<String> members() {
    return List.copyOf(members);
  }

  /** Adds a member written as {@code ipset add} takes it; throws on a malformed one. */
  public void add(String member) {
    String canonical = canonical(member);
    members.add(canonical);
    if (type == IpSetType.HASH_NET) {
      nets.add(Cidr.parse(canonical));
    }
  }

  public void remove(String member) {
    String canonical = canonical(member);
    members.remove(canonical);
    if (type == IpSetType.HASH_NET) {
      nets.remove(Cidr.parse(canonical));
    }
  }

  /** A member in canonical form: protocol names lower case, {@code tcp} for a bare port. */
  String canonical(String member) {
    String[] parts = member.split(",", -1);
    String[] dims = type.dimensions();
    checkArgument(
        parts.length == dims.length,
        "%s: member %s does not have %s parts",
        name,
        member,
        dims.length);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      switch (dims[i]) {
        case "ip" -> out.add(IpAddress.parse(part).toString());
        case "net" -> {
          Cidr cidr =
              Cidr.tryParse(part)
                  .orElseThrow(() -> new IllegalArgumentException("bad network " + part));
          out.add(cidr.toString());
        }
        default -> out.add(port(part));
      }
    }
    return String.join(",", out);
  }

  private String port(String text) {
    int colon = text.indexOf(':');
    String protocol = colon < 0 ? "tcp" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    String number = colon < 0 ? text : text.substring(colon + 1);
    int port = Integer.parseInt(number);
    checkArgument(port >= 0 && port <= 65535, "port out of range %s", port);
    return type == IpSetType.BITMAP_PORT ? Integer.toString(port) : protocol + ":" + port;
  }

  /**
   * Whether the packet's key, built from {@code directions} (src/dst per dimension), is a member.
   */
  public boolean test(Packet packet, List<String> directions) {
    if (packet.family() != family && type != IpSetType.BITMAP_PORT) {
      return false;
    }
    String[] dims = type.dimensions();
    if (directions.size() < dims.length) {
      return false;
    }
    if (type == IpSetType.HASH_NET) {
      IpAddress ip = "src".equals(directions.get(0)) ? packet.source() : packet.destination();
      return nets.stream().anyMatch(n -> n.contains(ip));
    }
    List<String> key = new ArrayList<>();
    Optional<Cidr> netDimension = Optional.empty();
    IpAddress netAddress = null;
    for (int i = 0; i < dims.length; i++) {
      boolean src = "src".equals(directions.get(i));
      IpAddress ip = src ? packet.source() : packet.destination();
      switch (dims[i]) {
        case "ip" -> key.add(ip.toString());
        case "net" -> netAddress = ip;
        default -> {
          Protocol protocol = packet.protocol();
          int port = src ? packet.sourcePort() : packet.destinationPort();
          key.add(
              type == IpSetType.BITMAP_PORT
                  ? Integer.toString(port)
                  : protocol.token() + ":" + port);
        }
      }
    }
    if (netAddress == null) {
      return members.contains(String.join(",", key));
    }
    String prefix = String.join(",", key) + ",";
    for (String member : members) {
      if (member.startsWith(prefix)) {
        netDimension = Cidr.tryParse(member.substring(prefix.length()));
        if (netDimension.isPresent() && netDimension.get().contains(netAddress)) {
          return true;
        }
      }
    }
    return false;
  }
}
