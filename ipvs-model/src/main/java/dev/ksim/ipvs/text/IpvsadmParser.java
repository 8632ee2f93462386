package dev.ksim.ipvs.text;

import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses an ipvsadm command line as ipvsadm 1.31 does (popt): short options alone or clustered
 * ({@code -Ln}, {@code -At}), a short option's value attached or in the next argument, long options
 * with {@code =} or a separate value, {@code -p} with an optional timeout; then checks the command
 * against its options and applies ipvsadm's defaults. Failures carry ipvsadm's words.
 *
 * <p>Host and port names are not resolved (ksim has no resolver for the host): addresses and ports
 * are numeric. {@code -M} is read once the service's family is known, whatever the order.
 */
public final class IpvsadmParser {
  /** {@code MAX_TIMEOUT}: 31 days. */
  static final int MAX_TIMEOUT = 86400 * 31;

  /** ipvsadm's default scheduler ({@code DEF_SCHED}). */
  public static final String DEFAULT_SCHEDULER = "wlc";

  private IpvsadmCommand command;
  private final Set<IpvsadmOption> options = EnumSet.noneOf(IpvsadmOption.class);
  private @Nullable Protocol protocol;
  private @Nullable IpPort serviceAddress;
  private long fwmark;
  private boolean ipv6;
  private String scheduler = "";
  private int persistence;
  private @Nullable String netmask;
  private boolean onePacket;
  private @Nullable String schedFlags;
  private @Nullable IpPort server;
  private boolean serverHasPort;
  private @Nullable ForwardMethod forward;
  private int weight = 1;
  private int upper;
  private int lower;
  private final List<Integer> timeouts = new ArrayList<>();
  private final List<String> positional = new ArrayList<>();
  private boolean commandGiven;

  private IpvsadmParser() {
    this.command = IpvsadmCommand.LIST;
  }

  /** Parses {@code args} (without the program name); an empty list lists everything. */
  public static IpvsadmRequest parse(List<String> args) {
    IpvsadmParser parser = new IpvsadmParser();
    parser.read(args);
    return parser.finish();
  }

  private void read(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--") && arg.length() > 2) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        Arity arity = arity(name, arg);
        if (value == null && arity == Arity.REQUIRED) {
          if (i + 1 >= args.size()) {
            throw IpvsadmException.usage(arg, arg + ": missing argument");
          }
          value = args.get(++i);
        } else if (value == null
            && arity == Arity.OPTIONAL
            && i + 1 < args.size()
            && !args.get(i + 1).startsWith("-")) {
          value = args.get(++i);
        }
        option(name, value, arg);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (int c = 1; c < arg.length(); c++) {
          String name = String.valueOf(arg.charAt(c));
          Arity arity = arity(name, "-" + name);
          String value = null;
          if (arity != Arity.NONE) {
            String rest = arg.substring(c + 1);
            if (!rest.isEmpty()) {
              value = rest;
            } else if (arity == Arity.REQUIRED) {
              if (i + 1 >= args.size()) {
                throw IpvsadmException.usage(arg, "-" + name + ": missing argument");
              }
              value = args.get(++i);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
              value = args.get(++i);
            }
            option(name, value, arg);
            break;
          }
          option(name, null, arg);
        }
      } else {
        positional.add(arg);
      }
    }
  }

  private enum Arity {
    NONE,
    REQUIRED,
    OPTIONAL
  }

  private static Arity arity(String name, String arg) {
    return switch (name) {
      case "A",
          "add-service",
          "E",
          "edit-service",
          "D",
          "delete-service",
          "C",
          "clear",
          "R",
          "restore",
          "S",
          "save",
          "a",
          "add-server",
          "e",
          "edit-server",
          "d",
          "delete-server",
          "L",
          "l",
          "list",
          "Z",
          "zero",
          "set",
          "m",
          "masquerading",
          "g",
          "gatewaying",
          "i",
          "ipip",
          "n",
          "numeric",
          "c",
          "connection",
          "timeout",
          "daemon",
          "stats",
          "rate",
          "thresholds",
          "persistent-conn",
          "nosort",
          "sort",
          "exact",
          "6",
          "ipv6",
          "o",
          "ops",
          "h",
          "help",
          "v",
          "version" ->
          Arity.NONE;
      case "t",
          "tcp-service",
          "u",
          "udp-service",
          "sctp-service",
          "f",
          "fwmark-service",
          "s",
          "scheduler",
          "M",
          "netmask",
          "r",
          "real-server",
          "w",
          "weight",
          "x",
          "u-threshold",
          "y",
          "l-threshold",
          "b",
          "sched-flags",
          "pe" ->
          Arity.REQUIRED;
      case "p", "persistent" -> Arity.OPTIONAL;
      default -> throw IpvsadmException.usage(arg, arg + ": unknown option");
    };
  }

  private void option(String name, @Nullable String value, String arg) {
    String v = value == null ? "" : value;
    switch (name) {
      case "A", "add-service" -> command(IpvsadmCommand.ADD_SERVICE);
      case "E", "edit-service" -> command(IpvsadmCommand.EDIT_SERVICE);
      case "D", "delete-service" -> command(IpvsadmCommand.DELETE_SERVICE);
      case "C", "clear" -> command(IpvsadmCommand.FLUSH);
      case "R", "restore" -> command(IpvsadmCommand.RESTORE);
      case "S", "save" -> command(IpvsadmCommand.SAVE);
      case "a", "add-server" -> command(IpvsadmCommand.ADD_SERVER);
      case "e", "edit-server" -> command(IpvsadmCommand.EDIT_SERVER);
      case "d", "delete-server" -> command(IpvsadmCommand.DELETE_SERVER);
      case "L", "l", "list" -> command(IpvsadmCommand.LIST);
      case "Z", "zero" -> command(IpvsadmCommand.ZERO);
      case "set" -> command(IpvsadmCommand.SET);
      case "h", "help", "v", "version" ->
          throw IpvsadmException.usage(arg, arg + ": not supported by ksim's ipvsadm");
      case "t", "tcp-service" -> service(Protocol.TCP, v, arg);
      case "u", "udp-service" -> service(Protocol.UDP, v, arg);
      case "sctp-service" -> service(Protocol.SCTP, v, arg);
      case "f", "fwmark-service" -> {
        set(IpvsadmOption.SERVICE);
        protocol = Protocol.TCP;
        fwmark = number(v, 1, 0xffffffffL, arg, "illegal fwmark specified");
      }
      case "6", "ipv6" -> ipv6 = true;
      case "s", "scheduler" -> {
        set(IpvsadmOption.SCHEDULER);
        scheduler = v.length() > 15 ? v.substring(0, 15) : v;
      }
      case "p", "persistent" -> {
        set(IpvsadmOption.PERSISTENT);
        persistence = value == null ? ServiceFlags.DEFAULT_PERSISTENCE_TIMEOUT : timeout(v, 1, arg);
      }
      case "M", "netmask" -> {
        set(IpvsadmOption.NETMASK);
        netmask = v;
      }
      case "r", "real-server" -> {
        set(IpvsadmOption.SERVER);
        server = address(v, arg, "illegal real server address[:port] specified");
        serverHasPort = hasPort(v);
      }
      case "m", "masquerading" -> forward(ForwardMethod.MASQ);
      case "g", "gatewaying" -> forward(ForwardMethod.ROUTE);
      case "i", "ipip" -> forward(ForwardMethod.TUNNEL);
      case "w", "weight" -> {
        set(IpvsadmOption.WEIGHT);
        weight = (int) number(v, 0, 65535, arg, "illegal weight specified");
      }
      case "x", "u-threshold" -> {
        set(IpvsadmOption.UPPER_THRESHOLD);
        upper = (int) number(v, 0, Integer.MAX_VALUE, arg, "illegal u_threshold specified");
      }
      case "y", "l-threshold" -> {
        set(IpvsadmOption.LOWER_THRESHOLD);
        lower = (int) number(v, 0, Integer.MAX_VALUE, arg, "illegal l_threshold specified");
      }
      case "n", "numeric" -> set(IpvsadmOption.NUMERIC);
      case "c", "connection" -> set(IpvsadmOption.CONNECTION);
      case "timeout" -> set(IpvsadmOption.TIMEOUT);
      case "daemon" -> set(IpvsadmOption.DAEMON);
      case "stats" -> set(IpvsadmOption.STATS);
      case "rate" -> set(IpvsadmOption.RATE);
      case "thresholds" -> set(IpvsadmOption.THRESHOLDS);
      case "persistent-conn" -> set(IpvsadmOption.PERSISTENT_CONN);
      case "nosort" -> set(IpvsadmOption.NOSORT);
      case "sort" -> {}
      case "exact" -> set(IpvsadmOption.EXACT);
      case "o", "ops" -> {
        set(IpvsadmOption.ONE_PACKET);
        onePacket = true;
      }
      case "b", "sched-flags" -> {
        set(IpvsadmOption.SCHED_FLAGS);
        schedFlags = v;
      }
      case "pe" ->
          throw IpvsadmException.usage(arg, "persistence engine " + v + " is not modelled by ksim");
      default -> throw IpvsadmException.usage(arg, arg + ": unknown option");
    }
  }

  private void command(IpvsadmCommand newCommand) {
    if (commandGiven) {
      throw IpvsadmException.usage("", "multiple commands specified");
    }
    commandGiven = true;
    command = newCommand;
  }

  private void set(IpvsadmOption option) {
    if (!options.add(option)) {
      throw IpvsadmException.usage("", "multiple '" + option.token() + "' options specified");
    }
  }

  private void forward(ForwardMethod method) {
    set(IpvsadmOption.FORWARD);
    forward = method;
  }

  private void service(Protocol serviceProtocol, String value, String arg) {
    set(IpvsadmOption.SERVICE);
    protocol = serviceProtocol;
    serviceAddress = address(value, arg, "illegal virtual server address[:port] specified");
  }

  private static boolean hasPort(String text) {
    int bracket = text.lastIndexOf(']');
    return text.indexOf(':', bracket + 1) >= 0
        && (bracket >= 0 || text.indexOf(':') == text.lastIndexOf(':'));
  }

  /** {@code parse_service}: an address with an optional port ({@code [v6]:port} for IPv6). */
  private static IpPort address(String text, String arg, String message) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw IpvsadmException.usage(arg, message);
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw IpvsadmException.usage(arg, message);
        }
        port = rest.substring(1);
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    IpAddress ip = IpAddress.tryParse(host).orElse(null);
    if (ip == null) {
      throw IpvsadmException.usage(arg, message);
    }
    int number = 0;
    if (port != null) {
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw IpvsadmException.usage(arg, message);
      }
      number = Integer.parseInt(port);
    }
    return new IpPort(ip, number);
  }

  private static long number(String text, long min, long max, String arg, String message) {
    if (!text.matches("\\d{1,10}")) {
      throw IpvsadmException.usage(arg, message);
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      throw IpvsadmException.usage(arg, message);
    }
    return value;
  }

  private static int timeout(String text, int min, String arg) {
    return (int)
        number(text, min, MAX_TIMEOUT, arg, "invalid timeout value `" + text + "' specified");
  }

  private IpvsadmRequest finish() {
    if (command == IpvsadmCommand.SET) {
      if (positional.size() < 3) {
        throw IpvsadmException.usage("--set", "--set option requires 3 timeout values");
      }
      for (int i = 0; i < 3; i++) {
        timeouts.add(timeout(positional.get(i), 0, positional.get(i)));
      }
      positional.subList(0, 3).clear();
    }
    if (!positional.isEmpty()) {
      throw IpvsadmException.usage(positional.get(0), "unexpected argument " + positional.get(0));
    }
    for (IpvsadmOption option : IpvsadmOption.values()) {
      char rule = command.rule(option);
      boolean given = options.contains(option);
      if (!given && rule == '+') {
        throw IpvsadmException.usage(
            "",
            "You need to supply the '"
                + option.token()
                + "' option for the '"
                + command.token()
                + "' command");
      }
      if (given && rule == 'x') {
        throw IpvsadmException.usage(
            "",
            "Illegal '" + option.token() + "' option with the '" + command.token() + "' command");
      }
    }
    IpvsadmOption exclusive = null;
    for (IpvsadmOption option : options) {
      if (command.rule(option) == '1') {
        if (exclusive != null) {
          throw IpvsadmException.usage(
              "",
              "The option '"
                  + option.token()
                  + "' conflicts with the '"
                  + exclusive.token()
                  + "' option in the '"
                  + command.token()
                  + "' command");
        }
        exclusive = option;
      }
    }
    ServiceKey service = serviceKey();
    IpFamily family = service == null ? IpFamily.IPV4 : service.family();
    int netmaskBits = netmaskBits(family);
    int flags = schedFlags == null ? 0 : schedulerFlags(schedFlags);
    String schedulerName = scheduler;
    if (command == IpvsadmCommand.ADD_SERVICE || command == IpvsadmCommand.EDIT_SERVICE) {
      if (service != null && !service.isFwmark() && service.port() == 0 && persistence == 0) {
        throw IpvsadmException.usage("", "Zero port specified for non-persistent service");
      }
      if (onePacket
          && service != null
          && !service.isFwmark()
          && service.protocol() != Protocol.UDP) {
        throw IpvsadmException.usage(
            "-o", "One-Packet Scheduling is only for UDP virtual services");
      }
      if (schedulerName.isEmpty()) {
        schedulerName = DEFAULT_SCHEDULER;
      }
    }
    ForwardMethod method = forward == null ? ForwardMethod.ROUTE : forward;
    IpPort realServer = server;
    if (realServer != null && service != null) {
      if (!serverHasPort
          || (!service.isFwmark()
              && (method == ForwardMethod.ROUTE || method == ForwardMethod.TUNNEL))) {
        realServer = new IpPort(realServer.ip(), service.port());
      }
      if (realServer.ip().family() != service.family()) {
        throw IpvsadmException.usage("-r", "illegal real server address[:port] specified");
      }
    }
    return new IpvsadmRequest(
        command,
        options,
        service,
        schedulerName,
        persistence,
        netmaskBits,
        onePacket,
        flags,
        realServer,
        method,
        weight,
        upper,
        lower,
        timeouts);
  }

  private @Nullable ServiceKey serviceKey() {
    if (fwmark != 0) {
      return ServiceKey.fwmark(fwmark, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4);
    }
    IpPort address = serviceAddress;
    Protocol p = protocol;
    return address == null || p == null ? null : ServiceKey.of(p, address);
  }

  /** {@code -M}: a dotted netmask for IPv4, a prefix length for IPv6. */
  private int netmaskBits(IpFamily family) {
    String mask = netmask;
    if (mask == null) {
      return family.bits();
    }
    if (family == IpFamily.IPV6) {
      if (!mask.matches("\\d{1,3}") || Integer.parseInt(mask) < 1 || Integer.parseInt(mask) > 128) {
        throw IpvsadmException.usage("-M", "illegal ipv6 netmask specified");
      }
      return Integer.parseInt(mask);
    }
    IpAddress address = IpAddress.tryParse(mask).filter(IpAddress::isV4).orElse(null);
    if (address == null) {
      throw IpvsadmException.usage("-M", "illegal virtual server persistent mask specified");
    }
    int bits = Long.bitCount(address.low());
    if (!Cidr.containing(IpAddress.parse("255.255.255.255"), bits).network().equals(address)) {
      throw IpvsadmException.usage(
          "-M", "illegal virtual server persistent mask specified (not contiguous)");
    }
    return bits;
  }

  /** {@code parse_sched_flags}. */
  private int schedulerFlags(String text) {
    String name = scheduler.isEmpty() ? DEFAULT_SCHEDULER : scheduler;
    int flags = 0;
    for (String flag : text.split(",", -1)) {
      switch (flag.toLowerCase(Locale.ROOT)) {
        case "flag-1" -> flags |= ServiceFlags.SCHED_FLAG_1;
        case "flag-2" -> flags |= ServiceFlags.SCHED_FLAG_2;
        case "flag-3" -> flags |= ServiceFlags.SCHED_FLAG_3;
        case "sh-fallback", "mh-fallback" -> {
          flags |= ServiceFlags.SCHED_FLAG_1;
          requireScheduler(name, flag);
        }
        case "sh-port", "mh-port" -> {
          flags |= ServiceFlags.SCHED_FLAG_2;
          requireScheduler(name, flag);
        }
        default -> throw IpvsadmException.usage("-b", "invalid scheduler flag `" + flag + "'");
      }
    }
    return flags;
  }

  private static void requireScheduler(String scheduler, String flag) {
    if (!flag.startsWith(scheduler + "-")) {
      throw IpvsadmException.usage("-b", "incompatible scheduler flag `" + flag + "'");
    }
  }
}
