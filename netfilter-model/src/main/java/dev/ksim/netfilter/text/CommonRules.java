package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.PortMatch;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.SourceMatch;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.target.Dnat;
import dev.ksim.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the shapes of rule kube-proxy writes by the hundred thousand straight from the line ({@code
 * -m comment --comment C -s A -j CHAIN}, {@code -m comment --comment C -m tcp -p tcp -j DNAT
 * --to-destination A:P}, {@code -m comment --comment C -m statistic --mode random --probability P
 * -j CHAIN}, {@code -m comment --comment C -m tcp -p tcp -d A --dport P -j CHAIN}) into the rule
 * {@link RuleParser} makes of the line's words: the same matches in the same order, the same target
 * and (built on first use) text. A node's first restore reads 310,000 such lines, mostly cold; the
 * general reading (tokenizer, option tables, module builders) costs 1.5 to 2.5 times this one and
 * allocates more.
 *
 * <p>It reads a narrow subset: words split by single blanks, a value maybe quoted (no backslash,
 * the quote closing the word); the options {@code -s}, {@code -d}, {@code -p} (each once), {@code
 * -m comment --comment}, {@code -m statistic --mode random --probability}, one tcp, udp or sctp
 * module with {@code --sport} and {@code --dport}, and a last {@code -j} to a chain, a verdict or
 * {@code DNAT --to-destination}; no {@code !}. For any other line, and for any value the parser's
 * checks refuse, it says null: the general parser then reads the line and reports the error.
 */
final class CommonRules {
  /**
   * A line up to this long has no word longer than iptables-restore takes; a longer one is left to
   * the general reading, which checks its words.
   */
  private static final int MAX_LINE = 1023;

  private final String line;
  private final IpFamily family;
  private int pos;
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

  private CommonRules(String line, IpFamily family) {
    this.line = line;
    this.family = family;
  }

  /**
   * The rule {@code line} (the words after {@code -A CHAIN}) makes in {@code family}, or null when
   * it is not a line this reads or the general parser refuses it.
   */
  static @Nullable Rule read(String line, IpFamily family) {
    if (line.isEmpty()
        || line.length() > MAX_LINE
        || line.indexOf('\\') >= 0
        || line.indexOf('\t') >= 0) {
      return null;
    }
    try {
      return new CommonRules(line, family).read();
    } catch (RuleSyntaxException e) {
      return null;
    }
  }

  private @Nullable Rule read() {
    while (!take("-j")) {
      if (!option()) {
        return null;
      }
    }
    Target target = target();
    return target == null || pos < line.length() ? null : rule(target);
  }

  /**
   * Reads an option and what follows it; false when this does not read it so. Option words are
   * matched where they stand in the line: only values are cut out of it.
   */
  private boolean option() {
    if (take("-s")) {
      String value = value();
      if (source != null || value == null) {
        return false;
      }
      source = new SourceMatch(RuleParser.cidr(value, family), false);
    } else if (take("-d")) {
      String value = value();
      if (destination != null || value == null) {
        return false;
      }
      destination = new DestinationMatch(RuleParser.cidr(value, family), false);
    } else if (take("-p")) {
      String value = value();
      Protocol named = value == null ? null : Protocol.tryParse(value).orElse(null);
      if (protocol != null || named == null) {
        return false;
      }
      protocol = new ProtocolMatch(named, false);
    } else if (take("-m")) {
      return module();
    } else if (take("--dport")) {
      return port(false);
    } else {
      return take("--sport") && port(true);
    }
    return true;
  }

  /** The module after {@code -m} and its options. */
  private boolean module() {
    if (take("comment")) {
      String text = take("--comment") ? value() : null;
      if (text == null) {
        return false;
      }
      modules.add(RuleParser.comment(text));
      return true;
    }
    if (take("statistic")) {
      String probability =
          take("--mode") && take("random") && take("--probability") ? value() : null;
      if (probability == null) {
        return false;
      }
      modules.add(RuleParser.statistic("random", probability, false, null, null));
      return true;
    }
    Protocol ports =
        take("tcp")
            ? Protocol.TCP
            : take("udp") ? Protocol.UDP : take("sctp") ? Protocol.SCTP : null;
    if (ports == null || portAt >= 0) {
      return false;
    }
    portAt = modules.size();
    portProtocol = ports;
    return true;
  }

  /**
   * {@code --sport} or {@code --dport}: taken by the port module loaded, else by the one {@code -p}
   * loads now, as the general parser offers an option no loaded module takes.
   */
  private boolean port(boolean sourceSide) {
    if (portAt < 0) {
      ProtocolMatch given = protocol;
      Protocol implicit = given == null ? Protocol.ICMP : given.protocol();
      if (implicit != Protocol.TCP && implicit != Protocol.UDP && implicit != Protocol.SCTP) {
        return false;
      }
      portAt = modules.size();
      portProtocol = implicit;
    }
    String value = value();
    if (value == null || (sourceSide ? sourcePort : destinationPort) != null) {
      return false;
    }
    if (sourceSide) {
      sourcePort = value;
    } else {
      destinationPort = value;
    }
    return true;
  }

  /** The target after {@code -j}: a chain, a verdict or DNAT; null for any other. */
  private @Nullable Target target() {
    String name = value();
    if (name == null || name.isEmpty() || IptablesRestoreParser.hasCSpace(name)) {
      return null;
    }
    if (name.equals("DNAT")) {
      String to = take("--to-destination") ? value() : null;
      return to == null || to.startsWith("[")
          ? null
          : new Dnat(RuleParser.natRange(to, family, protocol), false, false);
    }
    return TargetOptions.takesOptions(name) ? null : RuleParser.withoutOptions(name);
  }

  /** The rule of what was read: generic matches, then modules in the order loaded, then target. */
  private @Nullable Rule rule(Target target) {
    List<Match> matches = new ArrayList<>(modules.size() + 4);
    addIfPresent(matches, source);
    addIfPresent(matches, destination);
    addIfPresent(matches, protocol);
    Protocol ports = portProtocol;
    if (ports != null) {
      ProtocolMatch given = protocol;
      if (given == null || given.protocol() != ports) {
        return null;
      }
      modules.add(portAt, portMatch(ports));
    }
    matches.addAll(modules);
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

  /** Whether the next word is {@code expected}, unquoted (and takes it). */
  private boolean take(String expected) {
    int end = pos + expected.length();
    if (line.startsWith(expected, pos) && (end == line.length() || line.charAt(end) == ' ')) {
      pos = end + 1;
      return true;
    }
    return false;
  }

  /** The next word as an option's value, or null when it is none (or another option). */
  private @Nullable String value() {
    String value = word();
    return value == null || value.startsWith("-") || value.equals("!") ? null : value;
  }

  /**
   * The next word, as {@link RuleTokenizer} splits it; null at the end of the line and for a word
   * this does not read (one after two blanks, a quote inside or after a word).
   */
  private @Nullable String word() {
    int length = line.length();
    if (pos >= length || line.charAt(pos) == ' ') {
      return null;
    }
    if (line.charAt(pos) == '"') {
      int close = line.indexOf('"', pos + 1);
      if (close < 0 || (close + 1 < length && line.charAt(close + 1) != ' ')) {
        return null;
      }
      String word = line.substring(pos + 1, close);
      pos = close + 2;
      return word;
    }
    int end = line.indexOf(' ', pos);
    if (end < 0) {
      end = length;
    }
    String word = line.substring(pos, end);
    if (word.indexOf('"') >= 0) {
      return null;
    }
    pos = end + 1;
    return word;
  }
}
