package dev.ksim.netfilter.text;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.PortMatch;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.SourceMatch;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.target.Dnat;
import dev.ksim.netfilter.target.NatRange;
import dev.ksim.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rule of one line of kube-proxy's common shapes, built option by option as the line's words
 * come: what {@link CommonRules} makes of the words it reads from a line, and what a writer of such
 * lines (kube-proxy's) makes of the words as it writes them, so that the restore need not read them
 * back ({@link RestoreInput.Appends}). A step takes a value as the line's word after quoting is
 * undone, or as the writer holds it (an address, a network, a DNAT endpoint: what the word reads
 * as), and says false when it is not one this builds (then the line is left to the general reading,
 * which reports any error: a value the parser's checks refuse is refused here too). A step refused,
 * or {@link #refuse} for a word of any other shape, refuses the rule: the target then builds none.
 *
 * <p>A value is taken only when the line holds it as one word read back unchanged: not empty, no
 * quote, backslash, tab or leading {@code -}, not {@code !}, and no blank unless quoted (a
 * comment).
 */
public final class RuleBuilder {
  private final IpFamily family;
  private @Nullable SourceMatch source;
  private @Nullable DestinationMatch destination;
  private @Nullable ProtocolMatch protocol;

  /** The match modules loaded, in order, but for the port module (see {@link #portAt}). */
  private final List<Match> modules = new ArrayList<>(4);

  /** Where the port module goes among {@link #modules}, -1 when none is loaded. */
  private int portAt = -1;

  private @Nullable Protocol portProtocol;
  private @Nullable String sourcePort;
  private @Nullable String destinationPort;

  /** Whether a step was refused, so that no rule is built. */
  private boolean refused;

  /** A rule of {@code family}, without options yet. */
  public RuleBuilder(IpFamily family) {
    this.family = family;
  }

  /** Refuses the rule: the line has a word of a shape this does not build. */
  public void refuse() {
    refused = true;
  }

  private boolean refusing() {
    refused = true;
    return false;
  }

  /** {@code -s ADDRESS}. */
  public boolean source(@Nullable String value) {
    return source(source == null ? address(value) : null);
  }

  /**
   * {@code -s ADDRESS} of a line that writes {@code address} as its text ({@link Cidr#toString}, or
   * the address's own for a host): what {@link #source(String)} reads from that text, without
   * writing and parsing it again.
   */
  public boolean source(@Nullable Cidr address) {
    if (source != null || address == null || !ofFamily(address)) {
      return refusing();
    }
    source = new SourceMatch(address, false);
    return true;
  }

  /** {@code -d ADDRESS}. */
  public boolean destination(@Nullable String value) {
    return destination(destination == null ? address(value) : null);
  }

  /** {@code -d ADDRESS} given as a value, as {@link #source(Cidr)} takes it. */
  public boolean destination(@Nullable Cidr address) {
    if (destination != null || address == null || !ofFamily(address)) {
      return refusing();
    }
    destination = new DestinationMatch(address, false);
    return true;
  }

  /** The host prefix of {@code address}, which a line writes as the address alone. */
  public static Cidr host(IpAddress address) {
    return Cidr.containing(address, address.family().bits());
  }

  /** Whether {@code address} is one of this rule's family, as the parser requires. */
  private boolean ofFamily(Cidr address) {
    return address.network().family() == family;
  }

  /** The address or network of {@code -s} or {@code -d}, null when it is none. */
  private @Nullable Cidr address(@Nullable String value) {
    if (value == null || !isWord(value)) {
      return null;
    }
    try {
      return RuleParser.cidr(value, family);
    } catch (RuleSyntaxException e) {
      return null;
    }
  }

  /** {@code -p PROTOCOL}. */
  public boolean protocol(@Nullable String value) {
    Protocol named = value != null && isWord(value) ? Protocol.tryParse(value).orElse(null) : null;
    if (protocol != null || named == null) {
      return refusing();
    }
    protocol = new ProtocolMatch(named, false);
    return true;
  }

  /** {@code -m comment --comment TEXT}, quoted in the line when it has blanks. */
  public boolean comment(@Nullable String text) {
    if (text == null || !isValue(text)) {
      return refusing();
    }
    modules.add(RuleParser.comment(text));
    return true;
  }

  /** {@code -m statistic --mode random --probability P}. */
  public boolean randomProbability(@Nullable String probability) {
    if (probability == null || !isWord(probability)) {
      return refusing();
    }
    try {
      modules.add(RuleParser.statistic("random", probability, false, null, null));
      return true;
    } catch (RuleSyntaxException e) {
      return refusing();
    }
  }

  /** {@code -m tcp}, {@code -m udp} or {@code -m sctp}: the port module, loaded once. */
  public boolean portModule(String name) {
    Protocol ports =
        switch (name) {
          case "tcp" -> Protocol.TCP;
          case "udp" -> Protocol.UDP;
          case "sctp" -> Protocol.SCTP;
          default -> null;
        };
    if (ports == null || portAt >= 0) {
      return refusing();
    }
    portAt = modules.size();
    portProtocol = ports;
    return true;
  }

  /**
   * {@code --sport} or {@code --dport}: taken by the port module loaded, else by the one {@code -p}
   * loads now, as the general parser offers an option no loaded module takes.
   */
  public boolean port(boolean sourceSide, @Nullable String value) {
    if (portAt < 0) {
      ProtocolMatch given = protocol;
      Protocol implicit = given == null ? Protocol.ICMP : given.protocol();
      if (implicit != Protocol.TCP && implicit != Protocol.UDP && implicit != Protocol.SCTP) {
        return refusing();
      }
      portAt = modules.size();
      portProtocol = implicit;
    }
    if (value == null || !isWord(value) || (sourceSide ? sourcePort : destinationPort) != null) {
      return refusing();
    }
    if (sourceSide) {
      sourcePort = value;
    } else {
      destinationPort = value;
    }
    return true;
  }

  /**
   * The rule with the last word, {@code -j NAME} to a chain or a verdict; null for a target that
   * takes options or a name this does not build.
   */
  public @Nullable Rule jump(@Nullable String name) {
    if (refused || name == null || !isWord(name) || IptablesRestoreParser.hasCSpace(name)) {
      return null;
    }
    return TargetOptions.takesOptions(name) ? null : rule(RuleParser.withoutOptions(name));
  }

  /** The rule with the last words, {@code -j DNAT --to-destination ADDRESS[:PORT]}. */
  public @Nullable Rule dnat(@Nullable String to) {
    if (refused || to == null || !isWord(to) || to.startsWith("[")) {
      return null;
    }
    try {
      return rule(new Dnat(RuleParser.natRange(to, family, protocol), false, false));
    } catch (RuleSyntaxException e) {
      return null;
    }
  }

  /**
   * The rule with the last words, {@code -j DNAT --to-destination IP:PORT} of a line that writes
   * {@code to} as its text: what {@link #dnat(String)} reads from that text (an IPv4 address and
   * one port, taken when {@code -p} has ports), without parsing it again; null for an IPv6 address,
   * which that text brackets and {@link #dnat(String)} does not build either.
   */
  public @Nullable Rule dnat(IpPort to) {
    ProtocolMatch given = protocol;
    if (refused
        || family != IpFamily.IPV4
        || !to.ip().isV4()
        || given == null
        || !given.protocol().hasPorts()
        || to.port() < 1
        || to.port() > 65535) {
      return null;
    }
    return rule(new Dnat(new NatRange(to.ip(), to.ip(), to.port(), to.port()), false, false));
  }

  /**
   * The rule of what was built: generic matches, then modules in the order loaded, then target;
   * null when the port module is not the protocol's or a port is not one.
   */
  private @Nullable Rule rule(Target target) {
    List<Match> matches = new ArrayList<>(modules.size() + 4);
    addIfPresent(matches, source);
    addIfPresent(matches, destination);
    addIfPresent(matches, protocol);
    Protocol ports = portProtocol;
    if (ports == null) {
      matches.addAll(modules);
      return Rule.of(matches, target);
    }
    ProtocolMatch given = protocol;
    if (given == null || given.protocol() != ports) {
      return null;
    }
    // the port module goes where it was loaded, the builder's own modules left as they are
    matches.addAll(modules.subList(0, portAt));
    try {
      matches.add(portMatch(ports));
    } catch (RuleSyntaxException e) {
      return null;
    }
    matches.addAll(modules.subList(portAt, modules.size()));
    return Rule.of(matches, target);
  }

  private PortMatch portMatch(Protocol ports) {
    String sport = sourcePort;
    String dport = destinationPort;
    return new PortMatch(
        ports,
        sport == null ? null : RuleParser.portRangeColon(sport),
        false,
        dport == null ? null : RuleParser.portRangeColon(dport),
        false,
        0,
        0,
        false);
  }

  private static void addIfPresent(List<Match> matches, @Nullable Match match) {
    if (match != null) {
      matches.add(match);
    }
  }

  /** Whether {@code value} is an option's value that a line holds as one unquoted word. */
  private static boolean isWord(String value) {
    return isValue(value) && value.indexOf(' ') < 0;
  }

  /**
   * Whether {@code value} is an option's value that reads back unchanged from a line, quoted when
   * it has blanks: not empty, not another option or {@code !}, no quote, backslash or tab.
   */
  private static boolean isValue(String value) {
    if (value.isEmpty() || value.charAt(0) == '-' || value.equals("!")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == '\t') {
        return false;
      }
    }
    return true;
  }
}
