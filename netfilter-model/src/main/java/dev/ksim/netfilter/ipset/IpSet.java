package dev.ksim.netfilter.ipset;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One IP set: its type, family and members. Members are kept in their canonical text form ({@code
 * 10.96.0.10,tcp:80}) for {@code ipset save}, and indexed by their parsed dimensions for lookups: a
 * packet's key is built from its addresses and ports without text, so a lookup costs one hash probe
 * whatever the set's size. Networks of {@code hash:net} and the net dimension of {@code
 * hash:ip,port,net} are tested by containment.
 */
public final class IpSet {
  /** A port dimension's protocols, by the names a member spells them with. */
  private static final Map<String, Protocol> PROTOCOLS = protocolsByToken();

  private final String name;
  private final IpSetType type;
  private final IpFamily family;
  private final String comment;
  private final String range;
  private final List<String> dimensions;
  private final Set<String> members = new LinkedHashSet<>();

  /** The exact members by key; for hash:ip,port,net, the key of the first two dimensions. */
  private final Map<Key, List<Cidr>> keys = new HashMap<>();

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
    this.dimensions = List.of(type.dimensions());
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
    copy.members.addAll(members);
    keys.forEach((key, networks) -> copy.keys.put(key, new ArrayList<>(networks)));
    copy.nets.addAll(nets);
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
    Parsed parsed = parse(member);
    if (!members.add(parsed.canonical())) {
      return;
    }
    Cidr net = parsed.net();
    if (type == IpSetType.HASH_NET) {
      nets.add(Objects.requireNonNull(net));
    } else if (parsed.key() != null) {
      List<Cidr> networks = keys.computeIfAbsent(parsed.key(), k -> new ArrayList<>(1));
      if (net != null) {
        networks.add(net);
      }
    }
  }

  public void remove(String member) {
    Parsed parsed = parse(member);
    if (!members.remove(parsed.canonical())) {
      return;
    }
    Cidr net = parsed.net();
    if (type == IpSetType.HASH_NET) {
      nets.remove(Objects.requireNonNull(net));
    } else if (parsed.key() != null) {
      List<Cidr> networks = Objects.requireNonNull(keys.get(parsed.key()));
      if (net != null) {
        networks.remove(net);
      }
      if (networks.isEmpty()) {
        keys.remove(parsed.key());
      }
    }
  }

  /** A member in canonical form: protocol names lower case, {@code tcp} for a bare port. */
  String canonical(String member) {
    return parse(member).canonical();
  }

  /**
   * A member's canonical text, its lookup key (null when a port dimension names a protocol no
   * packet carries, so no packet can match it) and its network, if it has a net dimension.
   */
  private record Parsed(String canonical, @Nullable Key key, @Nullable Cidr net) {}

  private Parsed parse(String member) {
    String[] parts = member.split(",", -1);
    checkArgument(
        parts.length == dimensions.size(),
        "%s: member %s does not have %s parts",
        name,
        member,
        dimensions.size());
    List<String> out = new ArrayList<>(parts.length);
    KeyBuilder key = new KeyBuilder();
    Cidr net = null;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      switch (dimensions.get(i)) {
        case "ip" -> {
          IpAddress ip = IpAddress.parse(part);
          out.add(ip.toString());
          key.address(ip);
        }
        case "net" -> {
          Cidr cidr =
              Cidr.tryParse(part)
                  .orElseThrow(() -> new IllegalArgumentException("bad network " + part));
          out.add(cidr.toString());
          net = cidr;
        }
        default -> out.add(port(part, key));
      }
    }
    return new Parsed(String.join(",", out), key.build(), net);
  }

  private String port(String text, KeyBuilder key) {
    int colon = text.indexOf(':');
    String protocol = colon < 0 ? "tcp" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    String number = colon < 0 ? text : text.substring(colon + 1);
    int port = Integer.parseInt(number);
    checkArgument(port >= 0 && port <= 65535, "port out of range %s", port);
    if (type == IpSetType.BITMAP_PORT) {
      key.port(port);
      return Integer.toString(port);
    }
    key.port(PROTOCOLS.get(protocol), port);
    return protocol + ":" + port;
  }

  /**
   * Whether the packet's key, built from {@code directions} (src/dst per dimension), is a member.
   */
  public boolean test(Packet packet, List<String> directions) {
    if (packet.family() != family && type != IpSetType.BITMAP_PORT) {
      return false;
    }
    if (directions.size() < dimensions.size()) {
      return false;
    }
    if (type == IpSetType.HASH_NET) {
      IpAddress ip = "src".equals(directions.get(0)) ? packet.source() : packet.destination();
      for (Cidr net : nets) {
        if (net.contains(ip)) {
          return true;
        }
      }
      return false;
    }
    KeyBuilder key = new KeyBuilder();
    IpAddress netAddress = null;
    for (int i = 0; i < dimensions.size(); i++) {
      boolean src = "src".equals(directions.get(i));
      switch (dimensions.get(i)) {
        case "ip" -> key.address(src ? packet.source() : packet.destination());
        case "net" -> netAddress = src ? packet.source() : packet.destination();
        default -> {
          int port = src ? packet.sourcePort() : packet.destinationPort();
          if (type == IpSetType.BITMAP_PORT) {
            key.port(port);
          } else {
            key.port(packet.protocol(), port);
          }
        }
      }
    }
    List<Cidr> networks = keys.get(key.build());
    if (networks == null) {
      return false;
    }
    if (netAddress == null) {
      return true;
    }
    for (Cidr net : networks) {
      if (net.contains(netAddress)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Protocol> protocolsByToken() {
    Map<String, Protocol> byToken = new HashMap<>();
    for (Protocol protocol : Protocol.values()) {
      byToken.put(protocol.token(), protocol);
    }
    return Map.copyOf(byToken);
  }

  /**
   * A member's dimensions other than a network, as a lookup key: up to two addresses and a port
   * with its protocol ({@code protocol number << 16 | port}; a bitmap:port set's port alone; -1
   * when the type has no port).
   */
  private record Key(@Nullable IpAddress first, int port, @Nullable IpAddress second) {
    // written out: a record's generated equals and hashCode are slow under C1, and this is per
    // packet
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k
          && port == k.port
          && Objects.equals(first, k.first)
          && Objects.equals(second, k.second);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(first) * 31 + port) * 31 + Objects.hashCode(second);
    }
  }

  /** Collects a {@link Key}'s dimensions in the set type's order. */
  private static final class KeyBuilder {
    private @Nullable IpAddress first;
    private @Nullable IpAddress second;
    private int port = -1;
    private boolean matchable = true;

    void address(IpAddress ip) {
      if (first == null) {
        first = ip;
      } else {
        second = ip;
      }
    }

    void port(int number) {
      port = number;
    }

    void port(@Nullable Protocol protocol, int number) {
      if (protocol == null) {
        matchable = false;
      } else {
        port = protocol.number() << 16 | number;
      }
    }

    @Nullable Key build() {
      return matchable ? new Key(first, port, second) : null;
    }
  }
}
