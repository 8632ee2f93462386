package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.match.IcmpMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The iptables 1.8.9 extensions' translations that nft 1.0.6 prints for iptables-nft's xt
 * expressions, and iptables-nft's native forms of {@code tcp}, {@code udp}, {@code mark} and {@code
 * limit}, each from the extension's canonical iptables-save options ({@code words}, without {@code
 * -m NAME}). A translation the extension declines is null (nft then prints {@code xt match NAME}).
 * Checked against the real tools: src/test/resources/golden/iptables-nft-1.0.6/README.md.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/extensions?h=v1.8.9">extensions/*_xlate</a>
 */
final class XtTranslations {
  /** Targets nft prints as its own verdicts; the rest are xt targets. */
  private static final Map<String, String> VERDICTS =
      Map.of("ACCEPT", "accept", "DROP", "drop", "RETURN", "return");

  private static final Set<String> XT_TARGETS =
      Set.of(
          "REJECT",
          "DNAT",
          "SNAT",
          "MASQUERADE",
          "REDIRECT",
          "MARK",
          "LOG",
          "TRACE",
          "NOTRACK",
          "CT");

  private static final Map<String, String> REJECT_V4 =
      Map.of(
          "icmp-net-unreachable", "net-unreachable",
          "icmp-host-unreachable", "host-unreachable",
          "icmp-proto-unreachable", "prot-unreachable",
          "icmp-net-prohibited", "net-prohibited",
          "icmp-host-prohibited", "host-prohibited",
          "icmp-admin-prohibited", "admin-prohibited");

  private static final Map<String, String> REJECT_V6 =
      Map.of(
          "icmp6-no-route", "no-route",
          "icmp6-adm-prohibited", "admin-prohibited",
          "icmp6-addr-unreachable", "addr-unreachable");

  private static final List<String> STATES =
      List.of("INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED");

  private static final List<String> TCP_FLAGS = List.of("FIN", "SYN", "RST", "PSH", "ACK", "URG");

  private static final Map<String, String> LIMIT_UNITS =
      Map.of("sec", "second", "min", "minute", "hour", "hour", "day", "day");

  private XtTranslations() {}

  static boolean isXtTarget(String name) {
    return XT_TARGETS.contains(name);
  }

  /** The target's statement, from its iptables-save words ({@code -j NAME ...} or {@code -g}). */
  static String target(String name, List<String> words, boolean v6) {
    if (words.get(0).equals("-g")) {
      return "goto " + words.get(1);
    }
    String verdict = VERDICTS.get(words.get(1));
    if (verdict != null) {
      return verdict;
    }
    List<String> options = words.subList(2, words.size());
    return switch (words.get(1)) {
      case "REJECT" -> reject(option(options, "--reject-with"), v6);
      case "DNAT" -> nat("dnat to ", option(options, "--to-destination"), options);
      case "SNAT" -> nat("snat to ", option(options, "--to-source"), options);
      case "MASQUERADE" -> portNat("masquerade", options);
      case "REDIRECT" -> portNat("redirect", options);
      case "MARK" -> mark(option(options, "--set-xmark"));
      case "LOG" -> log(options);
      case "TRACE" -> "meta nftrace set 1";
      case "NOTRACK", "CT" -> "notrack";
      default -> "jump " + name;
    };
  }

  private static String reject(@Nullable String with, boolean v6) {
    if (with == null
        || with.equals("icmp-port-unreachable")
        || with.equals("icmp6-port-unreachable")) {
      return "reject";
    }
    if (with.equals("tcp-reset")) {
      return "reject with tcp reset";
    }
    String type = (v6 ? REJECT_V6 : REJECT_V4).get(with);
    return type == null
        ? "xt target REJECT"
        : "reject with " + (v6 ? "icmpv6" : "icmp") + " type " + type;
  }

  private static String nat(String prefix, @Nullable String to, List<String> options) {
    StringBuilder out = new StringBuilder(prefix).append(to == null ? "" : to);
    List<String> flags = new ArrayList<>();
    if (options.contains("--random")) {
      flags.add("random");
    }
    if (options.contains("--random-fully")) {
      flags.add("fully-random");
    }
    if (options.contains("--persistent")) {
      flags.add("persistent");
    }
    if (!flags.isEmpty()) {
      out.append(' ').append(String.join(",", flags));
    }
    return out.toString();
  }

  /** MASQUERADE and REDIRECT: {@code --to-ports P[-Q]} as {@code to :P[-Q]}, then the flags. */
  private static String portNat(String verb, List<String> options) {
    String ports = option(options, "--to-ports");
    String base = ports == null ? verb : verb + " to :" + ports;
    return nat(base, null, options);
  }

  /** libxt_MARK's translation of {@code --set-xmark VALUE/MASK}. */
  private static String mark(@Nullable String xmark) {
    String[] parts = xmark == null ? new String[] {"0x0", "0x0"} : xmark.split("/");
    long value = Long.decode(parts[0]);
    long mask = Long.decode(parts[1]);
    String set;
    if (value == 0) {
      set = "mark and 0x" + Long.toHexString(~mask & 0xffffffffL);
    } else if (value == mask) {
      set = "mark or 0x" + Long.toHexString(value);
    } else if (mask == 0) {
      set = "mark xor 0x" + Long.toHexString(value);
    } else if (mask == 0xffffffffL) {
      set = "0x" + Long.toHexString(value);
    } else {
      set =
          "mark and 0x"
              + Long.toHexString(~mask & 0xffffffffL)
              + " xor 0x"
              + Long.toHexString(value);
    }
    return "meta mark set " + set;
  }

  private static String log(List<String> options) {
    String prefix = option(options, "--log-prefix");
    return prefix == null ? "log" : "log prefix \"" + prefix + "\"";
  }

  /**
   * {@code -m tcp}/{@code -m udp}/{@code -m sctp}: {@code PROTO sport [!= ]P[-Q]}, {@code dport}
   * likewise, tcp flags as {@code tcp flags COMP / MASK} (native: {@code -n} prints them in hex);
   * "" with no option.
   */
  static String ports(String protocol, List<String> words, boolean numeric) {
    List<String> out = new ArrayList<>();
    boolean negated = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "!" -> negated = true;
        case "--sport", "--dport" -> {
          out.add(
              protocol
                  + (word.equals("--sport") ? " sport " : " dport ")
                  + (negated ? "!= " : "")
                  + words.get(++i).replace(':', '-'));
          negated = false;
        }
        case "--tcp-flags" -> {
          String mask = flags(words.get(++i), numeric);
          String compare = flags(words.get(++i), numeric);
          out.add("tcp flags " + (negated ? "!= " : "") + compare + " / " + mask);
          negated = false;
        }
        default -> negated = false;
      }
    }
    return String.join(" ", out);
  }

  private static String flags(String names, boolean numeric) {
    List<String> given = List.of(names.split(","));
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < TCP_FLAGS.size(); bit++) {
      String flag = TCP_FLAGS.get(bit);
      if (given.contains(flag) || given.contains("ALL")) {
        out.add(numeric ? "0x" + Integer.toHexString(1 << bit) : flag.toLowerCase(Locale.ROOT));
      }
    }
    return out.isEmpty() ? "0x0" : String.join(",", out);
  }

  /** libxt_icmp: a type without a code, by its iptables name; null for a type with a code. */
  static @Nullable String icmp(List<String> words) {
    boolean negated = words.get(0).equals("!");
    String type = words.get(words.size() - 1);
    if (type.contains("/")) {
      return null;
    }
    int number = Integer.parseInt(type);
    for (Map.Entry<String, int[]> entry : IcmpMatch.NAMES.entrySet()) {
      if (entry.getValue()[0] == number && entry.getValue()[1] < 0) {
        return "icmp type " + (negated ? "!= " : "") + entry.getKey();
      }
    }
    return null;
  }

  /** libxt_multiport: {@code PROTO dport [!= ]{ a, b-c }} (no braces for one); null for --ports. */
  static @Nullable String multiport(IptablesNftRule rule, List<String> words) {
    boolean negated = words.get(0).equals("!");
    String direction = words.get(negated ? 1 : 0);
    String list = words.get(words.size() - 1);
    if (!direction.equals("--dports") && !direction.equals("--sports")) {
      return null;
    }
    String[] ports = list.split(",");
    String joined = String.join(", ", ports).replace(':', '-');
    return rule.protocol()
        + (direction.equals("--sports") ? " sport " : " dport ")
        + (negated ? "!= " : "")
        + (ports.length > 1 ? "{ " + joined + " }" : joined);
  }

  /**
   * libxt_addrtype: the source type if given, else the destination type (a second one is left out,
   * as the translation does), {@code . iif}/{@code . oif} for the interface limits.
   */
  static @Nullable String addrtype(List<String> words) {
    String direction = null;
    String type = null;
    boolean negated = false;
    boolean pendingNot = false;
    String limit = "";
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "!" -> pendingNot = true;
        case "--src-type", "--dst-type" -> {
          String value = words.get(++i);
          if (direction == null || word.equals("--src-type")) {
            direction = word.equals("--src-type") ? "saddr" : "daddr";
            type = value;
            negated = pendingNot;
          }
          pendingNot = false;
        }
        case "--limit-iface-in" -> limit = " . iif";
        case "--limit-iface-out" -> limit = " . oif";
        default -> pendingNot = false;
      }
    }
    if (direction == null || type == null || type.contains(",")) {
      return null;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    if (Set.of("throw", "nat", "xresolve").contains(lower)) {
      return null;
    }
    return "fib " + direction + limit + " type " + (negated ? "!= " : "") + lower;
  }

  /**
   * libxt_conntrack: {@code --ctstate} as {@code ct state} ({@code ! } before an inverted list) or,
   * when it holds SNAT or DNAT, as {@code ct status snat|dnat} alone; then the original destination
   * and its port.
   */
  static String conntrack(List<String> words) {
    List<String> out = new ArrayList<>();
    boolean negated = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "!" -> negated = true;
        case "--ctstate" -> {
          List<String> states = List.of(words.get(++i).split(","));
          if (states.contains("SNAT") || states.contains("DNAT")) {
            out.add("ct status " + (states.contains("SNAT") ? "snat" : "dnat"));
          } else {
            out.add(stateText(states, negated));
          }
          negated = false;
        }
        case "--ctorigdst" -> {
          String cidr = words.get(++i);
          out.add(
              "ct original daddr "
                  + (negated ? "!= " : "")
                  + (cidr.endsWith("/32") ? cidr.substring(0, cidr.length() - 3) : cidr));
          negated = false;
        }
        case "--ctorigdstport" -> {
          out.add("ct original proto-dst " + (negated ? "!= " : "") + words.get(++i));
          negated = false;
        }
        default -> negated = false;
      }
    }
    return String.join(" ", out);
  }

  /** libxt_state (the conntrack module's translation of {@code --state}). */
  static String state(List<String> words) {
    boolean negated = words.get(0).equals("!");
    return stateText(List.of(words.get(words.size() - 1).split(",")), negated);
  }

  private static String stateText(List<String> states, boolean negated) {
    List<String> names = new ArrayList<>();
    for (String state : STATES) {
      if (states.contains(state)) {
        names.add(state.toLowerCase(Locale.ROOT));
      }
    }
    return "ct state " + (negated ? "! " : "") + String.join(",", names);
  }

  /**
   * libxt_statistic: random as {@code meta random & 2147483647 < U} (U the stored threshold, as
   * iptables-save's probability prints it), nth as {@code numgen inc mod EVERY PACKET}.
   */
  static @Nullable String statistic(List<String> words) {
    if (words.contains("!")) {
      return null;
    }
    String probability = option(words, "--probability");
    if (probability != null) {
      long threshold = Math.round(Double.parseDouble(probability) * 2147483648.0);
      return "meta random & 2147483647 < " + threshold;
    }
    String every = option(words, "--every");
    String packet = option(words, "--packet");
    return "numgen inc mod " + every + " " + (packet == null ? "0" : packet);
  }

  /** iptables-nft's native {@code -m mark}: {@code meta mark [& MASK] [!=|==] VALUE}. */
  static String mark(List<String> words) {
    boolean negated = words.get(0).equals("!");
    String[] parts = words.get(words.size() - 1).split("/");
    long value = Long.decode(parts[0]);
    String valueText = String.format(Locale.ROOT, "0x%08x", value);
    if (parts.length == 1 || Long.decode(parts[1]) == 0xffffffffL) {
      return "meta mark " + (negated ? "!= " : "") + valueText;
    }
    return String.format(
        Locale.ROOT,
        "meta mark & 0x%08x %s %s",
        Long.decode(parts[1]),
        negated ? "!=" : "==",
        valueText);
  }

  /** iptables-nft's native {@code -m limit}: {@code limit rate N/UNIT [burst B packets]}. */
  static String limit(List<String> words) {
    String[] rate = String.valueOf(option(words, "--limit")).split("/");
    String burst = option(words, "--limit-burst");
    return "limit rate "
        + rate[0]
        + "/"
        + LIMIT_UNITS.getOrDefault(rate[1], rate[1])
        + (burst == null || burst.equals("5") ? "" : " burst " + burst + " packets");
  }

  private static @Nullable String option(List<String> words, String name) {
    int at = words.indexOf(name);
    return at < 0 || at + 1 >= words.size() ? null : words.get(at + 1);
  }
}
