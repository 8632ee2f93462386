package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Rule;
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
 * checks refuse, it says null: the general parser then reads the line and reports the error. The
 * rule is built by {@link RuleBuilder}, as kube-proxy's writer builds it from the same words.
 */
final class CommonRules {
  /**
   * A line up to this long has no word longer than iptables-restore takes; a longer one is left to
   * the general reading, which checks its words.
   */
  static final int MAX_LINE = 1023;

  private final String line;
  private final RuleBuilder rule;
  private int pos;

  private CommonRules(String line, IpFamily family) {
    this.line = line;
    this.rule = new RuleBuilder(family);
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
    return new CommonRules(line, family).read();
  }

  private @Nullable Rule read() {
    while (!take("-j")) {
      if (!option()) {
        return null;
      }
    }
    Rule read = target();
    return pos < line.length() ? null : read;
  }

  /**
   * Reads an option and what follows it; false when this does not read it so. Option words are
   * matched where they stand in the line: only values are cut out of it.
   */
  private boolean option() {
    if (take("-s")) {
      return rule.source(value());
    } else if (take("-d")) {
      return rule.destination(value());
    } else if (take("-p")) {
      return rule.protocol(value());
    } else if (take("-m")) {
      return module();
    } else if (take("--dport")) {
      return rule.port(false, value());
    } else {
      return take("--sport") && rule.port(true, value());
    }
  }

  /** The module after {@code -m} and its options. */
  private boolean module() {
    if (take("comment")) {
      return take("--comment") && rule.comment(value());
    }
    if (take("statistic")) {
      return take("--mode")
          && take("random")
          && take("--probability")
          && rule.randomProbability(value());
    }
    String ports = take("tcp") ? "tcp" : take("udp") ? "udp" : take("sctp") ? "sctp" : null;
    return ports != null && rule.portModule(ports);
  }

  /** The target after {@code -j} and the rule: a chain, a verdict or DNAT; null for any other. */
  private @Nullable Rule target() {
    String name = value();
    if ("DNAT".equals(name)) {
      return take("--to-destination") ? rule.dnat(value()) : null;
    }
    return rule.jump(name);
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
