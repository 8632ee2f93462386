package dev.ksim.netfilter.text;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.PortMatch;
import dev.ksim.netfilter.match.PortRange;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.RecentMatch;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects one match module's options as the rule is read ({@code -m recent --name X --set ...})
 * and builds the match at the end, with the module's own checks and messages.
 */
abstract class ModuleBuilder {
  /** One option as given: its value ("" for flags) and whether {@code !} preceded it. */
  record Given(String value, boolean negated) {}

  private final String module;
  private final Map<String, Boolean> options;
  protected final Map<String, Given> given = new LinkedHashMap<>();

  ModuleBuilder(String module, Map<String, Boolean> options) {
    this.module = module;
    this.options = options;
  }

  static ModuleBuilder create(String name, RuleParser parser) {
    return switch (name) {
      case "comment" ->
          simple(name, Map.of("--comment", true), b -> RuleParser.comment(b.required("--comment")));
      case "tcp", "udp", "sctp" -> new Ports(name, parser);
      case "icmp" ->
          simple(
              name,
              Map.of("--icmp-type", true),
              b -> RuleParser.icmp(b.required("--icmp-type"), b.negated("--icmp-type")));
      case "multiport" ->
          simple(
              name,
              Map.of(
                  "--dports",
                  true,
                  "--destination-ports",
                  true,
                  "--sports",
                  true,
                  "--source-ports",
                  true,
                  "--ports",
                  true),
              b -> {
                String direction =
                    b.has("--dports") || b.has("--destination-ports")
                        ? "dports"
                        : b.has("--ports") ? "ports" : "sports";
                String list =
                    b.first(
                        "--dports", "--destination-ports", "--sports", "--source-ports", "--ports");
                if (list == null) {
                  throw new RuleSyntaxException("multiport expects an option");
                }
                boolean negated =
                    b.negated("--dports")
                        || b.negated("--destination-ports")
                        || b.negated("--sports")
                        || b.negated("--source-ports")
                        || b.negated("--ports");
                return RuleParser.multiport(direction, list, negated);
              });
      case "addrtype" ->
          simple(
              name,
              Map.of(
                  "--src-type",
                  true,
                  "--dst-type",
                  true,
                  "--limit-iface-in",
                  false,
                  "--limit-iface-out",
                  false),
              b ->
                  RuleParser.addrtype(
                      b.has("--src-type") ? RuleParser.addrType(b.required("--src-type")) : null,
                      b.negated("--src-type"),
                      b.has("--dst-type") ? RuleParser.addrType(b.required("--dst-type")) : null,
                      b.negated("--dst-type"),
                      b.has("--limit-iface-in"),
                      b.has("--limit-iface-out")));
      case "mark" ->
          simple(
              name,
              Map.of("--mark", true),
              b -> RuleParser.mark(b.required("--mark"), b.negated("--mark")));
      case "state" ->
          simple(
              name,
              Map.of("--state", true),
              b -> RuleParser.state(b.required("--state"), b.negated("--state")));
      case "conntrack" -> new Conntrack(parser.environment().family());
      case "statistic" ->
          simple(
              name,
              Map.of("--mode", true, "--probability", true, "--every", true, "--packet", true),
              b ->
                  RuleParser.statistic(
                      b.required("--mode"),
                      b.value("--probability"),
                      b.negated("--probability") || b.negated("--every"),
                      b.value("--every"),
                      b.value("--packet")));
      case "recent" -> new Recent(parser.environment().family());
      case "set" ->
          simple(
              name,
              Map.of("--match-set", true),
              b -> {
                String[] parts = b.required("--match-set").split(" ", 2);
                if (parts.length < 2) {
                  throw new RuleSyntaxException("--match-set requires two args.");
                }
                return RuleParser.set(
                    parts[0], parts[1], b.negated("--match-set"), parser.environment());
              });
      case "limit" ->
          simple(
              name,
              Map.of("--limit", true, "--limit-burst", true),
              b -> RuleParser.limit(b.value("--limit"), b.value("--limit-burst")));
      case "nfacct" ->
          simple(
              name,
              Map.of("--nfacct-name", true),
              b -> RuleParser.nfacct(b.required("--nfacct-name"), parser.environment()));
      default ->
          throw new RuleSyntaxException(
              "Couldn't load match `" + name + "':No such file or directory");
    };
  }

  private static ModuleBuilder simple(
      String name,
      Map<String, Boolean> options,
      java.util.function.Function<ModuleBuilder, Match> build) {
    return new ModuleBuilder(name, options) {
      @Override
      Match build() {
        return build.apply(this);
      }
    };
  }

  boolean accepts(String option) {
    return options.containsKey(option) && !given.containsKey(option);
  }

  void option(String option, RuleParser parser) {
    boolean negated = parser.takeNegation().equals("!");
    String value = "";
    if (Boolean.TRUE.equals(options.get(option))) {
      value = parser.next(option);
      if (option.equals("--match-set") || option.equals("--tcp-flags")) {
        value = value + " " + parser.next(option);
      }
    }
    given.put(option, new Given(value, negated));
  }

  abstract Match build();

  boolean has(String option) {
    return given.containsKey(option);
  }

  boolean negated(String option) {
    Given g = given.get(option);
    return g != null && g.negated();
  }

  @Nullable String value(String option) {
    Given g = given.get(option);
    return g == null ? null : g.value();
  }

  @Nullable String first(String... names) {
    for (String name : names) {
      if (given.containsKey(name)) {
        return value(name);
      }
    }
    return null;
  }

  String required(String option) {
    String value = value(option);
    if (value == null) {
      throw new RuleSyntaxException(module + ": option \"" + option + "\" must be specified");
    }
    return value;
  }

  /** tcp, udp and sctp: ports (and tcp's flags). */
  private static final class Ports extends ModuleBuilder {
    private final Protocol protocol;
    private final RuleParser parser;

    /** udp's and sctp's options; tcp has its flags too. Built once: most rules load one. */
    private static final Map<String, Boolean> PORT_OPTIONS =
        Map.of("--sport", true, "--source-port", true, "--dport", true, "--destination-port", true);

    private static final Map<String, Boolean> TCP_OPTIONS =
        Map.of(
            "--sport", true,
            "--source-port", true,
            "--dport", true,
            "--destination-port", true,
            "--tcp-flags", true,
            "--syn", false);

    Ports(String name, RuleParser parser) {
      super(name, name.equals("tcp") ? TCP_OPTIONS : PORT_OPTIONS);
      this.protocol = Protocol.tryParse(name).orElseThrow();
      this.parser = parser;
    }

    @Override
    Match build() {
      ProtocolMatch given = parser.protocol();
      if (given == null || given.protocol() != protocol || given.negated()) {
        throw new RuleSyntaxException(
            protocol.token() + " match: only valid for protocol " + protocol.number());
      }
      String sport = first("--sport", "--source-port");
      String dport = first("--dport", "--destination-port");
      int mask = 0;
      int compare = 0;
      boolean flagsNegated = negated("--tcp-flags") || negated("--syn");
      String flags = value("--tcp-flags");
      if (flags != null) {
        String[] parts = flags.split(" ", 2);
        mask = PortMatch.parseFlags(parts[0]);
        compare = PortMatch.parseFlags(parts[1]);
        if (mask < 0 || compare < 0) {
          throw new RuleSyntaxException("Unknown TCP flag `" + flags + "'");
        }
      } else if (has("--syn")) {
        mask = 0x17;
        compare = 0x02;
      }
      PortRange sportRange = sport == null ? null : RuleParser.portRangeColon(sport);
      PortRange dportRange = dport == null ? null : RuleParser.portRangeColon(dport);
      return new PortMatch(
          protocol,
          sportRange,
          negated("--sport") || negated("--source-port"),
          dportRange,
          negated("--dport") || negated("--destination-port"),
          mask,
          compare,
          flagsNegated);
    }
  }

  /** The conntrack module. */
  private static final class Conntrack extends ModuleBuilder {
    private final IpFamily family;

    Conntrack(IpFamily family) {
      super("conntrack", Map.of("--ctstate", true, "--ctorigdst", true, "--ctorigdstport", true));
      this.family = family;
    }

    @Override
    Match build() {
      Set<CtState> states =
          has("--ctstate")
              ? RuleParser.states(required("--ctstate"), true)
              : EnumSet.noneOf(CtState.class);
      Cidr origDst = null;
      String dst = value("--ctorigdst");
      if (dst != null) {
        int slash = dst.indexOf('/');
        IpAddress ip =
            IpAddress.tryParse(slash < 0 ? dst : dst.substring(0, slash))
                .filter(a -> a.family() == family)
                .orElseThrow(() -> new RuleSyntaxException("host/network `" + dst + "' not found"));
        origDst =
            Cidr.containing(
                ip, slash < 0 ? family.bits() : Integer.parseInt(dst.substring(slash + 1)));
      }
      String port = value("--ctorigdstport");
      return RuleParser.conntrack(
          states,
          negated("--ctstate"),
          origDst,
          negated("--ctorigdst"),
          port == null ? null : RuleParser.port(port),
          negated("--ctorigdstport"));
    }
  }

  /** The recent module. */
  private static final class Recent extends ModuleBuilder {
    private final IpFamily family;

    Recent(IpFamily family) {
      super(
          "recent",
          Map.ofEntries(
              Map.entry("--name", true),
              Map.entry("--set", false),
              Map.entry("--rcheck", false),
              Map.entry("--update", false),
              Map.entry("--remove", false),
              Map.entry("--seconds", true),
              Map.entry("--reap", false),
              Map.entry("--hitcount", true),
              Map.entry("--rttl", false),
              Map.entry("--rsource", false),
              Map.entry("--rdest", false),
              Map.entry("--mask", true)));
      this.family = family;
    }

    @Override
    Match build() {
      List<String> commands = List.of("--set", "--rcheck", "--update", "--remove");
      List<String> present = commands.stream().filter(this::has).toList();
      if (present.size() != 1) {
        throw new RuleSyntaxException(
            "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
      }
      String command = present.get(0);
      if (has("--reap") && !has("--seconds")) {
        throw new RuleSyntaxException("recent: you must specify `--seconds' when using `--reap'");
      }
      String mask = value("--mask");
      IpAddress maskAddress =
          mask != null
              ? IpAddress.tryParse(mask)
                  .filter(a -> a.family() == family)
                  .orElseThrow(() -> new RuleSyntaxException("recent: bad mask \"" + mask + "\""))
              : family == IpFamily.IPV4
                  ? IpAddress.parse("255.255.255.255")
                  : IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
      String name = value("--name");
      String seconds = value("--seconds");
      String hitcount = value("--hitcount");
      return new RecentMatch(
          name == null ? "DEFAULT" : name,
          RecentMatch.Command.valueOf(command.substring(2).toUpperCase(Locale.ROOT)),
          seconds == null ? 0 : RuleParser.number(seconds),
          has("--reap"),
          hitcount == null ? 0 : (int) RuleParser.number(hitcount),
          !has("--rdest"),
          maskAddress,
          negated(command));
    }
  }
}
