package dev.ksim.netfilter.text;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.match.AddrType;
import dev.ksim.netfilter.match.AddrTypeMatch;
import dev.ksim.netfilter.match.CommentMatch;
import dev.ksim.netfilter.match.ConntrackMatch;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.IcmpMatch;
import dev.ksim.netfilter.match.InInterfaceMatch;
import dev.ksim.netfilter.match.LimitMatch;
import dev.ksim.netfilter.match.MarkMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.MultiportMatch;
import dev.ksim.netfilter.match.NfacctMatch;
import dev.ksim.netfilter.match.OutInterfaceMatch;
import dev.ksim.netfilter.match.PortNames;
import dev.ksim.netfilter.match.PortRange;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.SetMatch;
import dev.ksim.netfilter.match.SourceMatch;
import dev.ksim.netfilter.match.StateMatch;
import dev.ksim.netfilter.match.StatisticMatch;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.target.Accept;
import dev.ksim.netfilter.target.Dnat;
import dev.ksim.netfilter.target.Drop;
import dev.ksim.netfilter.target.Goto;
import dev.ksim.netfilter.target.Jump;
import dev.ksim.netfilter.target.Log;
import dev.ksim.netfilter.target.MarkTarget;
import dev.ksim.netfilter.target.Masquerade;
import dev.ksim.netfilter.target.NatRange;
import dev.ksim.netfilter.target.Notrack;
import dev.ksim.netfilter.target.Redirect;
import dev.ksim.netfilter.target.Reject;
import dev.ksim.netfilter.target.Return;
import dev.ksim.netfilter.target.Snat;
import dev.ksim.netfilter.target.Target;
import dev.ksim.netfilter.target.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the words of one rule ({@code -s ... -m ... -j ...}) as iptables does: generic options,
 * match modules loaded with {@code -m} (tcp, udp, sctp and icmp also implicitly after {@code -p}),
 * {@code !} negating the next option, the target and its options. The result's text is the rule in
 * iptables-save's canonical form.
 */
final class RuleParser {
  private static final Map<String, String> REJECT_ALIASES =
      Map.ofEntries(
          Map.entry("icmp-net-unreachable", "icmp-net-unreachable"),
          Map.entry("net-unreach", "icmp-net-unreachable"),
          Map.entry("icmp-host-unreachable", "icmp-host-unreachable"),
          Map.entry("host-unreach", "icmp-host-unreachable"),
          Map.entry("icmp-port-unreachable", "icmp-port-unreachable"),
          Map.entry("port-unreach", "icmp-port-unreachable"),
          Map.entry("icmp-proto-unreachable", "icmp-proto-unreachable"),
          Map.entry("proto-unreach", "icmp-proto-unreachable"),
          Map.entry("icmp-net-prohibited", "icmp-net-prohibited"),
          Map.entry("net-prohib", "icmp-net-prohibited"),
          Map.entry("icmp-host-prohibited", "icmp-host-prohibited"),
          Map.entry("host-prohib", "icmp-host-prohibited"),
          Map.entry("icmp-admin-prohibited", "icmp-admin-prohibited"),
          Map.entry("admin-prohib", "icmp-admin-prohibited"),
          Map.entry("tcp-reset", "tcp-reset"),
          Map.entry("tcp-rst", "tcp-reset"),
          Map.entry("icmp6-port-unreachable", "icmp6-port-unreachable"),
          Map.entry("port-unreach6", "icmp6-port-unreachable"),
          Map.entry("icmp6-adm-prohibited", "icmp6-adm-prohibited"),
          Map.entry("icmp6-no-route", "icmp6-no-route"));

  /** XT_MAX_COMMENT_LEN less the NUL. */
  private static final int MAX_COMMENT = 255;

  private final List<String> words;
  private final RuleEnvironment environment;
  private final IpFamily family;
  private int pos;
  private boolean negate;

  private @Nullable SourceMatch source;
  private @Nullable DestinationMatch destination;
  private @Nullable InInterfaceMatch in;
  private @Nullable OutInterfaceMatch out;
  private @Nullable ProtocolMatch protocol;
  private final List<ModuleBuilder> modules = new ArrayList<>();
  private @Nullable String targetName;
  private boolean isGoto;
  private @Nullable TargetOptions targetOptions;

  private RuleParser(List<String> words, RuleEnvironment environment) {
    this.words = new ArrayList<>(words);
    this.environment = environment;
    this.family = environment.family();
  }

  /** Parses a rule's words (everything after {@code -A CHAIN}). */
  static Rule parse(List<String> words, RuleEnvironment environment) {
    return new RuleParser(words, environment).parse();
  }

  private Rule parse() {
    while (pos < words.size()) {
      String word = joinedMatch(words.get(pos++));
      if (word.equals("!")) {
        if (negate) {
          throw new RuleSyntaxException("multiple consecutive ! not allowed");
        }
        negate = true;
        continue;
      }
      if (targetOptions != null && targetOptions.accepts(word)) {
        noNegation(word);
        targetOptions.put(word, targetOptions.takesValue(word) ? next(word) : "");
        continue;
      }
      switch (word) {
        case "-s", "--source", "--src" ->
            source = new SourceMatch(cidr(next(word)), takeNegation().equals("!"));
        case "-d", "--destination", "--dst" ->
            destination = new DestinationMatch(cidr(next(word)), takeNegation().equals("!"));
        case "-i", "--in-interface" ->
            in = new InInterfaceMatch(next(word), takeNegation().equals("!"));
        case "-o", "--out-interface" ->
            out = new OutInterfaceMatch(next(word), takeNegation().equals("!"));
        case "-p", "--protocol" -> {
          String name = next(word);
          Protocol p =
              Protocol.tryParse(name)
                  .orElseThrow(
                      () -> new RuleSyntaxException("unknown protocol \"" + name + "\" specified"));
          protocol = new ProtocolMatch(p, takeNegation().equals("!"));
        }
        case "-m", "--match" -> {
          noNegation(word);
          String name = next(word);
          modules.add(ModuleBuilder.create(name, this));
        }
        case "-j", "--jump", "-g", "--goto" -> {
          noNegation(word);
          if (targetName != null) {
            throw new RuleSyntaxException("multiple -j flags not allowed");
          }
          targetName = next(word);
          if (IptablesRestoreParser.hasCSpace(targetName)) {
            // xshared.c: a blank in a target name (the '\r' of a CRLF line) is refused
            throw new RuleSyntaxException("Invalid target name `" + targetName + "'");
          }
          targetOptions = new TargetOptions(targetName);
          isGoto = word.startsWith("-g") || word.equals("--goto");
        }
        default -> {
          if (!word.startsWith("-")) {
            throw new RuleSyntaxException("Bad argument `" + word + "'");
          }
          moduleOption(word);
        }
      }
    }
    if (negate) {
      throw new RuleSyntaxException("! must be followed by an option");
    }
    List<Match> matches = new ArrayList<>();
    for (Match generic : new Match[] {source, destination, in, out, protocol}) {
      if (generic != null) {
        matches.add(generic);
      }
    }
    for (ModuleBuilder module : modules) {
      matches.add(module.build());
    }
    return Rule.of(matches, targetName == null ? null : target());
  }

  /**
   * {@code -mNAME}, a match module joined to its option as getopt allows, read as {@code -m NAME}:
   * iptables-nft-restore 1.8.9 loaded {@code -mudp} and {@code -mstatistic} (restore corpus 116,
   * 133) but refused {@code -jDROP} (corpus 102), so only {@code -m} is read joined.
   */
  private String joinedMatch(String word) {
    if (word.length() > 2 && word.startsWith("-m")) {
      words.add(pos, word.substring(2));
      return "-m";
    }
    return word;
  }

  /** Offers an option to the loaded modules, newest first, then loads tcp/udp/sctp/icmp. */
  private void moduleOption(String option) {
    for (int i = modules.size() - 1; i >= 0; i--) {
      if (modules.get(i).accepts(option)) {
        modules.get(i).option(option, this);
        return;
      }
    }
    if (protocol != null && !protocol.negated()) {
      String name = protocol.protocol().token();
      if (List.of("tcp", "udp", "sctp", "icmp").contains(name)) {
        ModuleBuilder implicit = ModuleBuilder.create(name, this);
        if (implicit.accepts(option)) {
          modules.add(implicit);
          implicit.option(option, this);
          return;
        }
      }
    }
    throw new RuleSyntaxException("unknown option \"" + option + "\"");
  }

  String next(String option) {
    if (pos >= words.size()
        || (words.get(pos).startsWith("-")
            && words.get(pos).length() > 1
            && !isNumber(words.get(pos)))) {
      throw new RuleSyntaxException("option \"" + option + "\" requires an argument");
    }
    return words.get(pos++);
  }

  /** The next word if it is a value (not an option), else null. */
  @Nullable String optionalValue() {
    if (pos < words.size() && !words.get(pos).startsWith("-") && !words.get(pos).equals("!")) {
      return words.get(pos++);
    }
    return null;
  }

  private static boolean isNumber(String word) {
    for (int i = 1; i < word.length(); i++) {
      if (!Character.isDigit(word.charAt(i))) {
        return false;
      }
    }
    return word.length() > 1;
  }

  /** "!" if the option was negated (and clears it), else "". */
  String takeNegation() {
    boolean was = negate;
    negate = false;
    return was ? "!" : "";
  }

  private void noNegation(String option) {
    if (negate) {
      throw new RuleSyntaxException("cannot have ! before " + option);
    }
  }

  @Nullable ProtocolMatch protocol() {
    return protocol;
  }

  RuleEnvironment environment() {
    return environment;
  }

  Cidr cidr(String text) {
    return cidr(text, family);
  }

  /** {@code address[/mask]} of {@code family}, the mask a length or (IPv4) a dotted mask. */
  static Cidr cidr(String text, IpFamily family) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    IpAddress ip =
        IpAddress.tryParse(host)
            .filter(a -> a.family() == family)
            .orElseThrow(() -> new RuleSyntaxException("host/network `" + host + "' not found"));
    int length = family.bits();
    if (slash >= 0) {
      String mask = text.substring(slash + 1);
      Optional<IpAddress> dotted = mask.contains(".") ? IpAddress.tryParse(mask) : Optional.empty();
      if (dotted.isPresent()) {
        long bits = dotted.get().low();
        length = Long.bitCount(bits);
        if (bits != ((0xffffffffL << (32 - length)) & 0xffffffffL)) {
          throw new RuleSyntaxException("invalid mask `" + mask + "' specified");
        }
      } else {
        try {
          length = Integer.parseInt(mask);
        } catch (NumberFormatException e) {
          throw new RuleSyntaxException("invalid mask `" + mask + "' specified");
        }
        if (length < 0 || length > family.bits()) {
          throw new RuleSyntaxException("invalid mask `" + mask + "' specified");
        }
      }
    }
    return Cidr.containing(ip, length);
  }

  // ---- targets ----

  private Target target() {
    String name = Objects.requireNonNull(targetName);
    TargetOptions options = Objects.requireNonNull(targetOptions);
    Target target =
        switch (name) {
          case "CT" -> {
            options.flag("--notrack");
            options.done();
            yield new Notrack(true);
          }
          case "REJECT" -> {
            String with = options.value("--reject-with");
            options.done();
            String canonical = with == null ? Reject.DEFAULT : REJECT_ALIASES.get(with);
            if (canonical == null) {
              throw new RuleSyntaxException("unknown reject type \"" + with + "\"");
            }
            if (canonical.equals("tcp-reset")
                && (protocol == null || protocol.protocol() != Protocol.TCP)) {
              throw new RuleSyntaxException("REJECT: tcp-reset only valid with -p tcp");
            }
            yield new Reject(canonical);
          }
          case "DNAT" -> {
            String to = options.value("--to-destination");
            boolean random = options.flag("--random");
            boolean persistent = options.flag("--persistent");
            options.done();
            if (to == null) {
              throw new RuleSyntaxException("DNAT: option \"--to-destination\" must be specified");
            }
            yield new Dnat(natRange(to), random, persistent);
          }
          case "SNAT" -> {
            String to = options.value("--to-source");
            boolean random = options.flag("--random");
            boolean randomFully = options.flag("--random-fully");
            boolean persistent = options.flag("--persistent");
            options.done();
            if (to == null) {
              throw new RuleSyntaxException("SNAT: option \"--to-source\" must be specified");
            }
            yield new Snat(natRange(to), random, randomFully, persistent);
          }
          case "MASQUERADE" -> {
            String ports = options.value("--to-ports");
            boolean random = options.flag("--random");
            boolean randomFully = options.flag("--random-fully");
            options.done();
            int[] range = ports == null ? new int[] {0, 0} : portRange(ports);
            yield new Masquerade(range[0], range[1], random, randomFully);
          }
          case "REDIRECT" -> {
            String ports = options.value("--to-ports");
            boolean random = options.flag("--random");
            options.done();
            int[] range = ports == null ? new int[] {0, 0} : portRange(ports);
            yield new Redirect(range[0], range[1], random);
          }
          case "MARK" -> markTarget(options);
          case "LOG" -> {
            String prefix = options.value("--log-prefix");
            String level = options.value("--log-level");
            options.done();
            yield new Log(prefix == null ? "" : prefix, level == null ? 4 : logLevel(level));
          }
          default -> {
            if (name.startsWith("-") || name.isEmpty()) {
              throw new RuleSyntaxException("Bad argument `" + name + "'");
            }
            options.done();
            Target plain = withoutOptions(name);
            yield isGoto && plain instanceof Jump ? new Goto(name) : plain;
          }
        };
    if (isGoto && !(target instanceof Goto)) {
      throw new RuleSyntaxException("goto '" + name + "' is not a chain");
    }
    return target;
  }

  /**
   * The target {@code -j NAME} makes when {@code NAME} is not one of {@link TargetOptions}'s, which
   * take options: a verdict, TRACE, NOTRACK, or a jump to the chain {@code NAME}.
   */
  static Target withoutOptions(String name) {
    return switch (name) {
      case "ACCEPT" -> new Accept();
      case "DROP" -> new Drop();
      case "RETURN" -> new Return();
      case "TRACE" -> new Trace();
      case "NOTRACK" -> new Notrack(false);
      default -> new Jump(name);
    };
  }

  private Target markTarget(TargetOptions options) {
    String xmark = options.value("--set-xmark");
    String set = options.value("--set-mark");
    String or = options.value("--or-mark");
    String and = options.value("--and-mark");
    String xor = options.value("--xor-mark");
    options.done();
    if (xmark != null) {
      long[] vm = valueMask(xmark);
      return new MarkTarget(vm[0], vm[1]);
    }
    if (set != null) {
      long[] vm = valueMask(set);
      return new MarkTarget(vm[0], vm[0] | vm[1]);
    }
    if (or != null) {
      long bits = number(or);
      return new MarkTarget(bits, bits);
    }
    if (and != null) {
      return new MarkTarget(0, ~number(and) & 0xffffffffL);
    }
    if (xor != null) {
      return new MarkTarget(number(xor), 0);
    }
    throw new RuleSyntaxException("MARK target: Parameter --set/and/or/xor-mark is required");
  }

  private static int logLevel(String text) {
    List<String> names =
        List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");
    int index = names.indexOf(text.toLowerCase(Locale.ROOT));
    if (index >= 0) {
      return index;
    }
    if (text.equals("warn")) {
      return 4;
    }
    try {
      int level = Integer.parseInt(text);
      if (level >= 0 && level <= 7) {
        return level;
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw new RuleSyntaxException("log-level `" + text + "' unknown");
  }

  private NatRange natRange(String text) {
    return natRange(text, family, protocol);
  }

  /**
   * A NAT range of {@code family}; ports need {@code protocol}, the rule's {@code -p}, to have
   * ports, as iptables insists.
   */
  static NatRange natRange(String text, IpFamily family, @Nullable ProtocolMatch protocol) {
    String ips = text;
    String ports = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      ips = text.substring(1, close);
      if (close + 1 < text.length() && text.charAt(close + 1) == ':') {
        ports = text.substring(close + 2);
      }
    } else if (family == IpFamily.IPV4 && text.contains(":")) {
      ips = text.substring(0, text.indexOf(':'));
      ports = text.substring(text.indexOf(':') + 1);
    }
    IpAddress min = null;
    IpAddress max = null;
    if (!ips.isEmpty()) {
      int dash = family == IpFamily.IPV4 ? ips.indexOf('-') : -1;
      String first = dash < 0 ? ips : ips.substring(0, dash);
      String last = dash < 0 ? ips : ips.substring(dash + 1);
      min =
          IpAddress.tryParse(first)
              .filter(a -> a.family() == family)
              .orElseThrow(() -> new RuleSyntaxException("Bad IP address \"" + first + "\""));
      max =
          IpAddress.tryParse(last)
              .filter(a -> a.family() == family)
              .orElseThrow(() -> new RuleSyntaxException("Bad IP address \"" + last + "\""));
    }
    int[] range = {0, 0};
    if (ports != null) {
      requirePortProtocol(protocol);
      range = portRange(ports, protocol);
    }
    return new NatRange(min, max, range[0], range[1]);
  }

  private static void requirePortProtocol(@Nullable ProtocolMatch protocol) {
    if (protocol == null || !protocol.protocol().hasPorts()) {
      throw new RuleSyntaxException("Need TCP, UDP, SCTP or DCCP with port specification");
    }
  }

  private int[] portRange(String text) {
    return portRange(text, protocol);
  }

  private static int[] portRange(String text, @Nullable ProtocolMatch protocol) {
    requirePortProtocol(protocol);
    String[] parts = text.split("-", -1);
    try {
      int first = Integer.parseInt(parts[0]);
      int last = parts.length > 1 ? Integer.parseInt(parts[1]) : first;
      if (parts.length > 2 || first < 1 || last > 65535 || last < first) {
        throw new NumberFormatException();
      }
      return new int[] {first, last};
    } catch (NumberFormatException e) {
      throw new RuleSyntaxException("Port \"" + text + "\" not valid");
    }
  }

  // ---- shared value parsers ----

  static long number(String text) {
    try {
      long value =
          text.startsWith("0x") || text.startsWith("0X")
              ? Long.parseLong(text.substring(2), 16)
              : Long.parseLong(text);
      if (value < 0 || value > 0xffffffffL) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new RuleSyntaxException("Bad MARK value \"" + text + "\"");
    }
  }

  /** {@code value[/mask]}, mask defaulting to all ones. */
  static long[] valueMask(String text) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new long[] {number(text), 0xffffffffL}
        : new long[] {number(text.substring(0, slash)), number(text.substring(slash + 1))};
  }

  static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      for (int p = 0; p <= 65535; p++) {
        if (PortNames.name(p, false).equals(text) && !text.equals(Integer.toString(p))) {
          return p;
        }
        if (p > 30000) {
          break;
        }
      }
      throw new RuleSyntaxException("invalid port/service `" + text + "' specified");
    }
  }

  /** {@code 80}, {@code 80:90}, {@code :90}, {@code 80:}. */
  static PortRange portRangeColon(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return PortRange.of(port(text));
    }
    int first = colon == 0 ? 0 : port(text.substring(0, colon));
    int last = colon == text.length() - 1 ? 65535 : port(text.substring(colon + 1));
    if (first > last) {
      throw new RuleSyntaxException("invalid portrange (min > max)");
    }
    return new PortRange(first, last);
  }

  /**
   * The order libxt_conntrack's {@code parse_state} tries state names in: a name given is the first
   * whose beginning it is, in any case ({@code strncasecmp} over the given length), so {@code
   * RELATE} is RELATED and {@code e} ESTABLISHED.
   *
   * @see <a
   *     href="https://git.netfilter.org/iptables/tree/extensions/libxt_conntrack.c?h=v1.8.9">libxt_conntrack.c
   *     parse_state, state_parse_state</a>
   */
  private static final List<CtState> STATE_PREFIX_ORDER =
      List.of(
          CtState.INVALID,
          CtState.NEW,
          CtState.ESTABLISHED,
          CtState.RELATED,
          CtState.UNTRACKED,
          CtState.SNAT,
          CtState.DNAT);

  static Set<CtState> states(String text, boolean allowNat) {
    Set<CtState> states = EnumSet.noneOf(CtState.class);
    for (String name : text.split(",", -1)) {
      Optional<CtState> state =
          name.isEmpty()
              ? Optional.empty()
              : STATE_PREFIX_ORDER.stream()
                  .filter(s -> allowNat || (s != CtState.SNAT && s != CtState.DNAT))
                  .filter(s -> s.name().regionMatches(true, 0, name, 0, name.length()))
                  .findFirst();
      if (state.isEmpty()) {
        throw new RuleSyntaxException("Bad ctstate \"" + name + "\"");
      }
      states.add(state.get());
    }
    return states;
  }

  static AddrType addrType(String text) {
    try {
      return AddrType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RuleSyntaxException("addrtype: Unknown type \"" + text + "\"");
    }
  }

  // ---- the matches the module builders produce, with iptables' checks ----

  /**
   * A comment of at most 255 characters: iptables-nft 1.8.9 cuts a longer one there, as this
   * machine's {@code iptables-nft-restore} showed (a comment of 300 characters is saved as 255).
   */
  static Match comment(String text) {
    return new CommentMatch(text.length() > MAX_COMMENT ? text.substring(0, MAX_COMMENT) : text);
  }

  static Match statistic(
      String mode,
      @Nullable String probability,
      boolean probabilityNegated,
      @Nullable String every,
      @Nullable String packet) {
    if ("random".equals(mode)) {
      if (probability == null) {
        throw new RuleSyntaxException(
            "statistic: --probability must be specified with --mode random");
      }
      double p;
      try {
        p = Double.parseDouble(probability);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 0 || p > 1) {
        throw new RuleSyntaxException(
            "statistic: bad value for option \"--probability\", or out of range (0-1).");
      }
      return StatisticMatch.random(p, probabilityNegated);
    }
    if ("nth".equals(mode)) {
      if (every == null) {
        throw new RuleSyntaxException("statistic: --every must be specified with --mode nth");
      }
      int n = (int) number(every);
      int p = packet == null ? 0 : (int) number(packet);
      if (n == 0 || p >= n) {
        throw new RuleSyntaxException("statistic: --packet must be less than --every");
      }
      return new StatisticMatch(false, 0, n, p, probabilityNegated);
    }
    throw new RuleSyntaxException("statistic: Bad mode \"" + mode + "\"");
  }

  static Match mark(String value, boolean negated) {
    long[] vm = valueMask(value);
    return new MarkMatch(vm[0], vm[1], negated);
  }

  static Match nfacct(String name, RuleEnvironment environment) {
    if (!environment.hasNfacct(name)) {
      throw new RuleSyntaxException(
          "nfacct: object \"" + name + "\" does not exist (nfacct add " + name + ")");
    }
    return new NfacctMatch(name);
  }

  static Match set(String name, String directions, boolean negated, RuleEnvironment environment) {
    if (!environment.hasIpSet(name)) {
      throw new RuleSyntaxException("Set " + name + " doesn't exist.");
    }
    List<String> dirs = List.of(directions.split(",", -1));
    if (dirs.stream().anyMatch(d -> !d.equals("src") && !d.equals("dst")) || dirs.size() > 6) {
      throw new RuleSyntaxException(
          "You must specify (the comma separated list of) 'src' or 'dst'.");
    }
    return new SetMatch(name, dirs, negated);
  }

  static Match limit(@Nullable String rate, @Nullable String burst) {
    int count = 3;
    String unit = "hour";
    if (rate != null) {
      String[] parts = rate.split("/", -1);
      try {
        count = Integer.parseInt(parts[0]);
      } catch (NumberFormatException e) {
        throw new RuleSyntaxException("bad rate \"" + rate + "'\"");
      }
      String u = parts.length > 1 ? parts[1] : "sec";
      unit =
          switch (u) {
            case "s", "sec", "second" -> "sec";
            case "m", "min", "minute" -> "min";
            case "h", "hour" -> "hour";
            case "d", "day" -> "day";
            default -> throw new RuleSyntaxException("bad rate \"" + rate + "'\"");
          };
    }
    return new LimitMatch(count, unit, burst == null ? 5 : (int) number(burst));
  }

  static Match multiport(String direction, String list, boolean negated) {
    List<PortRange> ports = new ArrayList<>();
    for (String item : list.split(",", -1)) {
      ports.add(portRangeColon(item));
    }
    if (ports.size() > 15) {
      throw new RuleSyntaxException("too many ports specified");
    }
    return new MultiportMatch(direction, ports, negated);
  }

  static Match icmp(String text, boolean negated) {
    int[] named = IcmpMatch.NAMES.get(text);
    if (named != null) {
      return new IcmpMatch(named[0], named[1], negated);
    }
    try {
      int slash = text.indexOf('/');
      int type = Integer.parseInt(slash < 0 ? text : text.substring(0, slash));
      int code = slash < 0 ? -1 : Integer.parseInt(text.substring(slash + 1));
      return new IcmpMatch(type, code, negated);
    } catch (NumberFormatException e) {
      throw new RuleSyntaxException("Invalid ICMP type `" + text + "'");
    }
  }

  static Match addrtype(
      @Nullable AddrType src,
      boolean srcNeg,
      @Nullable AddrType dst,
      boolean dstNeg,
      boolean limitIn,
      boolean limitOut) {
    if (limitIn && limitOut) {
      throw new RuleSyntaxException(
          "addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
    }
    return new AddrTypeMatch(src, srcNeg, dst, dstNeg, limitIn, limitOut);
  }

  static Match state(String list, boolean negated) {
    return new StateMatch(states(list, false), negated);
  }

  static Match conntrack(
      Set<CtState> states,
      boolean statesNeg,
      @Nullable Cidr origDst,
      boolean origDstNeg,
      @Nullable Integer origPort,
      boolean origPortNeg) {
    return new ConntrackMatch(states, statesNeg, origDst, origDstNeg, origPort, origPortNeg);
  }
}
