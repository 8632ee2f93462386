package dev.ksim.scenario.shell;

import dev.ksim.cni.BridgeNetwork;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NodeNetwork;
import dev.ksim.node.Route;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * iproute2's {@code ip} in one network namespace: {@code ip [-4|-6] addr|link|route|neigh [show
 * [dev IF]]}, {@code ip route get ADDR}, {@code ip addr add|del ADDR dev IF}, {@code ip link add
 * NAME type dummy} and {@code ip link set IF up|down}, printed as iproute2 6.1 prints them (goldens
 * recorded with it in a network namespace). Addresses an {@code ip addr add} puts on an interface
 * are local to the namespace's kernel from then on.
 *
 * @see <a href="https://man7.org/linux/man-pages/man8/ip-address.8.html">ip-address(8)</a>
 */
final class IpCommand {
  private static final String IPVS_DUMMY = "kube-ipvs0";

  private final NetworkNamespace namespace;
  private final @Nullable NetworkNamespace host;
  private final long seed;

  /**
   * @param namespace where ip runs
   * @param host the node's namespace when {@code namespace} is a pod's (its veth's peer), else null
   * @param seed the run's seed, for the MAC addresses
   */
  IpCommand(NetworkNamespace namespace, @Nullable NetworkNamespace host, long seed) {
    this.namespace = namespace;
    this.host = host;
    this.seed = seed;
  }

  CommandResult run(List<String> argv) {
    List<String> args = new ArrayList<>(argv);
    IpFamily family = null;
    while (!args.isEmpty() && args.get(0).startsWith("-")) {
      String flag = args.remove(0);
      switch (flag) {
        case "-4" -> family = IpFamily.IPV4;
        case "-6" -> family = IpFamily.IPV6;
        default -> throw UnsupportedCommandException.option("ip", flag, "-4, -6");
      }
    }
    if (args.isEmpty()) {
      return CommandResult.error(
          """
          Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
          where  OBJECT := { address | link | neighbour | route }
          """,
          255);
    }
    String object = args.remove(0);
    if (matches(object, "address", 1)) {
      return address(family, args);
    }
    if (matches(object, "link", 1)) {
      return link(args);
    }
    if (matches(object, "route", 1)) {
      return route(family == null ? IpFamily.IPV4 : family, args);
    }
    if (matches(object, "neighbour", 1) || matches(object, "neighbor", 1)) {
      return neighbours(family, args);
    }
    return CommandResult.error("Object \"" + object + "\" is unknown, try \"ip help\".\n", 255);
  }

  /** iproute2's abbreviations: any prefix of {@code word} at least {@code min} long. */
  private static boolean matches(String typed, String word, int min) {
    return typed.length() >= min && word.startsWith(typed);
  }

  // ---- links

  /** One interface as ip lists it. */
  private record Link(int index, String name, String peer, Kind kind, String mac, String extra) {}

  private enum Kind {
    LOOPBACK,
    ETHER,
    DUMMY,
    VXLAN
  }

  /**
   * The names of {@code namespace}'s interfaces in ifindex order: lo, then as they were created.
   */
  static Set<String> linkNames(NetworkNamespace namespace) {
    Set<String> names = new LinkedHashSet<>();
    names.add("lo");
    names.add(BridgeNetwork.POD_INTERFACE);
    names.addAll(namespace.kernel().interfaces().keySet());
    namespace.routes().routes().forEach(r -> names.add(r.device()));
    names.addAll(namespace.addedLinks());
    return names;
  }

  /** The namespace's interfaces in ifindex order: lo, then as they were created. */
  private List<Link> links() {
    List<Link> links = new ArrayList<>();
    for (String name : linkNames(namespace)) {
      int index = links.size() + 1;
      if (name.equals("lo")) {
        links.add(new Link(index, name, "", Kind.LOOPBACK, "00:00:00:00:00:00", ""));
      } else if (name.equals(IPVS_DUMMY) || namespace.addedLinks().contains(name)) {
        links.add(new Link(index, name, "", Kind.DUMMY, mac(name), ""));
      } else if (name.equals(BridgeNetwork.OVERLAY)) {
        links.add(new Link(index, name, "", Kind.VXLAN, mac(name), ""));
      } else if (name.equals(NodeNetwork.BRIDGE)) {
        links.add(new Link(index, name, "", Kind.ETHER, addressMac(name), ""));
      } else if (host != null && name.equals(BridgeNetwork.POD_INTERFACE)) {
        links.add(
            new Link(
                index,
                name,
                "@if" + vethIndex(host, namespace),
                Kind.ETHER,
                addressMac(name),
                " link-netnsid 0"));
      } else {
        links.add(new Link(index, name, "", Kind.ETHER, mac(name), ""));
      }
    }
    if (host == null) {
      int netnsid = 0;
      for (NetworkNamespace pod : pods(namespace)) {
        links.add(
            new Link(
                links.size() + 1,
                vethName(pod),
                "@if2",
                Kind.ETHER,
                mac(vethName(pod)),
                " link-netnsid " + netnsid++));
      }
    }
    return links;
  }

  /** The pods attached to {@code node}'s bridge, each once, in address order. */
  private static List<NetworkNamespace> pods(NetworkNamespace node) {
    List<NetworkNamespace> pods = new ArrayList<>();
    for (NetworkNamespace pod : node.bridgeNeighbours().values()) {
      if (!pods.contains(pod)) {
        pods.add(pod);
      }
    }
    return pods;
  }

  /** The index of {@code pod}'s veth in {@code node}: after the node's own interfaces. */
  private int vethIndex(NetworkNamespace node, NetworkNamespace pod) {
    return new IpCommand(node, null, seed)
        .links().stream()
            .filter(l -> l.name().equals(vethName(pod)))
            .mapToInt(Link::index)
            .findFirst()
            .orElse(0);
  }

  /** The CNI bridge plugin's host end name: {@code veth} and 8 hex digits. */
  private String vethName(NetworkNamespace pod) {
    return "veth" + String.format("%08x", hash(pod.name().toString()) & 0xffffffffL);
  }

  private long hash(String text) {
    long h = seed ^ 0xcbf29ce484222325L;
    for (char c : (namespace.node() + "/" + text).toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    return h ^ (h >>> 29);
  }

  /** A locally administered unicast MAC drawn from the seed and the interface. */
  private String mac(String device) {
    long h = hash(device);
    StringBuilder mac = new StringBuilder(String.format("%02x", ((h >>> 40) & 0xfe) | 0x02));
    for (int i = 4; i >= 0; i--) {
      mac.append(String.format(":%02x", (h >>> (8 * i)) & 0xff));
    }
    return mac.toString();
  }

  /** The bridge plugin's MAC from the first IPv4 address ({@code 0a:58} and its four bytes). */
  private String addressMac(String device) {
    Optional<IpAddress> v4 = namespace.kernel().primaryAddress(device, IpFamily.IPV4);
    if (v4.isEmpty()) {
      return mac(device);
    }
    StringBuilder mac = new StringBuilder("0a:58");
    for (String part : v4.get().toString().split("\\.")) {
      mac.append(String.format(":%02x", Integer.parseInt(part)));
    }
    return mac.toString();
  }

  private String header(Link link, boolean linkMode) {
    boolean up = namespace.isUp(link.name());
    String flags;
    String qdisc;
    String state;
    String qlen = " qlen 1000";
    String master = "";
    int mtu = 1500;
    switch (link.kind()) {
      case LOOPBACK -> {
        flags = "LOOPBACK,UP,LOWER_UP";
        qdisc = "noqueue";
        state = "UNKNOWN";
        mtu = 65536;
      }
      case DUMMY -> {
        flags = up ? "BROADCAST,NOARP,UP,LOWER_UP" : "BROADCAST,NOARP";
        qdisc = up ? "noqueue" : "noop";
        state = up ? "UNKNOWN" : "DOWN";
        qlen = "";
      }
      case VXLAN -> {
        flags = up ? "BROADCAST,MULTICAST,UP,LOWER_UP" : "BROADCAST,MULTICAST";
        qdisc = "noqueue";
        state = up ? "UNKNOWN" : "DOWN";
        qlen = "";
        mtu = 1450;
      }
      default -> {
        flags = up ? "BROADCAST,MULTICAST,UP,LOWER_UP" : "BROADCAST,MULTICAST";
        qdisc = up ? "noqueue" : "noop";
        state = up ? "UP" : "DOWN";
        if (link.name().startsWith("veth")) {
          master = " master " + NodeNetwork.BRIDGE;
        }
      }
    }
    return link.index()
        + ": "
        + link.name()
        + link.peer()
        + ": <"
        + flags
        + "> mtu "
        + mtu
        + " qdisc "
        + qdisc
        + master
        + " state "
        + state
        + (linkMode ? " mode DEFAULT" : "")
        + " group default"
        + qlen
        + "\n"
        + (link.kind() == Kind.LOOPBACK
            ? "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
            : "    link/ether " + link.mac() + " brd ff:ff:ff:ff:ff:ff" + link.extra() + "\n");
  }

  private CommandResult link(List<String> args) {
    String verb = args.isEmpty() ? "show" : args.get(0);
    if (matches(verb, "show", 1) || matches(verb, "list", 1)) {
      Optional<String> device = device(args.subList(Math.min(1, args.size()), args.size()));
      List<Link> links = selected(device);
      if (links.isEmpty() && device.isPresent()) {
        return noDevice(device.get());
      }
      StringBuilder out = new StringBuilder();
      links.forEach(l -> out.append(header(l, true)));
      return CommandResult.ok(out.toString());
    }
    if (verb.equals("add") && args.size() == 4 && args.get(2).equals("type")) {
      String name = args.get(1);
      if (!args.get(3).equals("dummy")) {
        throw UnsupportedCommandException.option("ip link add", "type " + args.get(3), "dummy");
      }
      if (links().stream().anyMatch(l -> l.name().equals(name))) {
        return CommandResult.error("RTNETLINK answers: File exists\n", 2);
      }
      namespace.addLink(name);
      return CommandResult.ok("");
    }
    if (verb.equals("set") && args.size() == 3 && Set.of("up", "down").contains(args.get(2))) {
      String name = args.get(1).equals("dev") ? "" : args.get(1);
      if (links().stream().noneMatch(l -> l.name().equals(name))) {
        return CommandResult.error("Cannot find device \"" + name + "\"\n", 1);
      }
      namespace.setUp(name, args.get(2).equals("up"));
      return CommandResult.ok("");
    }
    throw new UnsupportedCommandException(
        "ksim: ip link "
            + String.join(" ", args)
            + ": ksim runs ip link [show [dev IF]], ip link add NAME type dummy, ip link set IF"
            + " up|down");
  }

  private static CommandResult noDevice(String device) {
    return CommandResult.error("Device \"" + device + "\" does not exist.\n", 1);
  }

  private List<Link> selected(Optional<String> device) {
    return links().stream().filter(l -> device.isEmpty() || l.name().equals(device.get())).toList();
  }

  /** {@code [dev] IF} after show, if given. */
  private static Optional<String> device(List<String> args) {
    List<String> words = args.stream().filter(w -> !w.equals("dev")).toList();
    if (words.size() > 1) {
      throw new UnsupportedCommandException(
          "ksim: ip ... show takes one device (show [dev IF]), got " + words);
    }
    return words.stream().findFirst();
  }

  // ---- addresses

  private List<InterfaceAddress> addresses(Link link) {
    if (link.kind() == Kind.LOOPBACK) {
      List<InterfaceAddress> lo = new ArrayList<>();
      lo.add(InterfaceAddress.tryParse("127.0.0.1/8").orElseThrow());
      lo.add(InterfaceAddress.tryParse("::1/128").orElseThrow());
      namespace.addresses("lo").stream().filter(a -> !a.address().isLoopback()).forEach(lo::add);
      return lo;
    }
    return namespace.addresses(link.name());
  }

  private CommandResult address(@Nullable IpFamily family, List<String> args) {
    String verb = args.isEmpty() ? "show" : args.get(0);
    if (matches(verb, "show", 1) || matches(verb, "list", 1)) {
      Optional<String> device = device(args.subList(Math.min(1, args.size()), args.size()));
      List<Link> links = selected(device);
      if (links.isEmpty() && device.isPresent()) {
        return noDevice(device.get());
      }
      StringBuilder out = new StringBuilder();
      for (Link link : links) {
        List<InterfaceAddress> addresses =
            addresses(link).stream()
                .filter(a -> family == null || a.address().family() == family)
                .toList();
        if (family != null && addresses.isEmpty()) {
          continue;
        }
        String header = header(link, false);
        if (family != null) {
          // with -4/-6 ip leaves out the qdisc, group and link/ether line
          header =
              header
                      .substring(0, header.indexOf('\n'))
                      .replaceAll(" qdisc \\S+", "")
                      .replaceAll(" master \\S+", "")
                      .replace(" group default", "")
                  + "\n";
        }
        out.append(header);
        for (InterfaceAddress a : addresses) {
          out.append(addressLine(link, a));
        }
      }
      return CommandResult.ok(out.toString());
    }
    if ((verb.equals("add") || verb.equals("del"))
        && args.size() == 4
        && args.get(2).equals("dev")) {
      return change(verb.equals("add"), args.get(1), args.get(3));
    }
    if (matches(verb, "add", 1) || matches(verb, "delete", 1)) {
      throw new UnsupportedCommandException(
          "ksim: ip addr " + String.join(" ", args) + ": ksim runs ip addr add|del ADDR dev IF");
    }
    return CommandResult.error(
        "Command \"" + verb + "\" is unknown, try \"ip address help\".\n", 255);
  }

  private String addressLine(Link link, InterfaceAddress a) {
    IpAddress ip = a.address();
    boolean loopback = link.kind() == Kind.LOOPBACK;
    if (ip.isV4()) {
      String brd =
          a.prefixLength() < 31 && !loopback
              ? " brd " + a.broadcast().map(IpAddress::toString).orElse("")
              : "";
      return "    inet "
          + a
          + brd
          + " scope "
          + (loopback ? "host" : "global")
          + " "
          + link.name()
          + "\n       valid_lft forever preferred_lft forever\n";
    }
    return "    inet6 "
        + a
        + " scope "
        + (loopback ? "host" : "global")
        + " \n       valid_lft forever preferred_lft forever\n";
  }

  private CommandResult change(boolean add, String text, String device) {
    boolean prefixGiven = text.contains("/");
    Optional<IpAddress> ip =
        IpAddress.tryParse(prefixGiven ? text.substring(0, text.indexOf('/')) : text);
    if (ip.isEmpty()) {
      return CommandResult.error(
          "Error: any valid prefix is expected rather than \"" + text + "\".\n", 1);
    }
    InterfaceAddress address =
        prefixGiven
            ? InterfaceAddress.tryParse(text)
                .orElseThrow(() -> new UnsupportedCommandException("ksim: ip: bad prefix " + text))
            : new InterfaceAddress(ip.get(), ip.get().family().bits());
    if (links().stream().noneMatch(l -> l.name().equals(device))) {
      return CommandResult.error("Cannot find device \"" + device + "\"\n", 1);
    }
    String version = ip.get().isV4() ? "ipv4" : "ipv6";
    if (add) {
      if (namespace.has(device, ip.get())) {
        return CommandResult.error("Error: " + version + ": Address already assigned.\n", 2);
      }
      namespace.addAddress(device, address);
      return CommandResult.ok("");
    }
    if (!namespace.removeAddress(device, ip.get())) {
      return CommandResult.error("Error: " + version + ": Address not found.\n", 2);
    }
    return new CommandResult(
        "",
        prefixGiven
            ? ""
            : "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
                + "         Explicitly specify the prefix length ("
                + address
                + ") to avoid this warning.\n"
                + "         This special behaviour is likely to disappear in further releases,\n"
                + "         fix your scripts!\n",
        0);
  }

  // ---- routes

  /** The table plus the connected routes the kernel adds for each address. */
  private List<Route> routes(IpFamily family) {
    List<Route> routes = new ArrayList<>(namespace.routes().routes());
    for (String device : namespace.kernel().interfaces().keySet()) {
      for (InterfaceAddress a : namespace.addresses(device)) {
        Cidr network = a.network();
        if (!device.equals("lo")
            && a.prefixLength() < a.address().family().bits()
            && routes.stream().noneMatch(r -> r.prefix().equals(network))) {
          routes.add(Route.onLink(network, device));
        }
      }
    }
    return routes.stream()
        .filter(r -> r.prefix().family() == family)
        .sorted(
            Comparator.comparing((Route r) -> r.prefix().network().toBigInteger())
                .thenComparingInt(r -> r.prefix().prefixLength()))
        .toList();
  }

  private CommandResult route(IpFamily family, List<String> args) {
    String verb = args.isEmpty() ? "show" : args.get(0);
    if (matches(verb, "show", 1) || matches(verb, "list", 1)) {
      Optional<String> device = device(args.subList(Math.min(1, args.size()), args.size()));
      StringBuilder out = new StringBuilder();
      for (Route route : routes(family)) {
        if (device.isEmpty() || device.get().equals(route.device())) {
          out.append(routeLine(route, device.isPresent())).append('\n');
        }
      }
      return CommandResult.ok(out.toString());
    }
    if (matches(verb, "get", 1) && args.size() == 2) {
      Optional<IpAddress> address = IpAddress.tryParse(args.get(1));
      if (address.isEmpty()) {
        return CommandResult.error(
            "Error: any valid prefix is expected rather than \"" + args.get(1) + "\".\n", 1);
      }
      return get(address.get());
    }
    throw new UnsupportedCommandException(
        "ksim: ip route "
            + String.join(" ", args)
            + ": ksim runs ip route [show], ip route get ADDR");
  }

  private String routeLine(Route route, boolean deviceGiven) {
    boolean v4 = route.prefix().family() == IpFamily.IPV4;
    String prefix = route.prefix().prefixLength() == 0 ? "default" : route.prefix().toString();
    String dev = deviceGiven ? "" : " dev " + route.device();
    Optional<IpAddress> source = namespace.connectedSource(route);
    if (!v4) {
      String metric = source.isPresent() ? " proto kernel metric 256" : " metric 1024";
      return prefix
          + (route.via() == null ? "" : " via " + route.via())
          + dev
          + metric
          + " pref medium";
    }
    if (route.via() != null) {
      return prefix
          + " via "
          + route.via()
          + dev
          + " "
          + (route.device().equals(BridgeNetwork.OVERLAY) ? "onlink " : "");
    }
    return prefix
        + dev
        + (source.isPresent() ? " proto kernel scope link src " + source.get() : " scope link")
        + " ";
  }

  private CommandResult get(IpAddress address) {
    if (namespace.kernel().isLocal(address)) {
      return CommandResult.ok(
          "local " + address + " dev lo src " + address + " uid 0 \n    cache <local> \n");
    }
    Optional<Route> found =
        routes(address.family()).stream()
            .filter(r -> r.prefix().contains(address))
            .max(Comparator.comparingInt(r -> r.prefix().prefixLength()));
    if (found.isEmpty()) {
      return CommandResult.error("RTNETLINK answers: Network is unreachable\n", 2);
    }
    Route route = found.get();
    IpAddress source = namespace.sourceAddress(route, address.family()).orElse(address);
    return CommandResult.ok(
        address
            + (route.via() == null ? "" : " via " + route.via())
            + " dev "
            + route.device()
            + " src "
            + source
            + " uid 0 \n    cache \n");
  }

  // ---- neighbours

  private CommandResult neighbours(@Nullable IpFamily family, List<String> args) {
    String verb = args.isEmpty() ? "show" : args.get(0);
    if (!matches(verb, "show", 1) && !matches(verb, "list", 1)) {
      throw new UnsupportedCommandException(
          "ksim: ip neigh " + String.join(" ", args) + ": ksim runs ip neigh [show [dev IF]]");
    }
    Optional<String> device = device(args.subList(Math.min(1, args.size()), args.size()));
    StringBuilder out = new StringBuilder();
    if (host == null) {
      namespace
          .bridgeNeighbours()
          .forEach(
              (ip, pod) ->
                  out.append(
                      neighbour(
                          family,
                          device,
                          ip,
                          NodeNetwork.BRIDGE,
                          new IpCommand(pod, namespace, seed)
                              .addressMac(BridgeNetwork.POD_INTERFACE))));
    } else {
      for (Route route : namespace.routes().routes()) {
        IpAddress gateway = route.via();
        if (gateway != null) {
          out.append(
              neighbour(
                  family,
                  device,
                  gateway,
                  route.device(),
                  new IpCommand(host, null, seed).addressMac(NodeNetwork.BRIDGE)));
        }
      }
    }
    return CommandResult.ok(out.toString());
  }

  private static String neighbour(
      @Nullable IpFamily family, Optional<String> device, IpAddress ip, String dev, String mac) {
    if ((family != null && ip.family() != family)
        || (device.isPresent() && !device.get().equals(dev))) {
      return "";
    }
    return ip + (device.isPresent() ? "" : " dev " + dev) + " lladdr " + mac + " REACHABLE \n";
  }
}
