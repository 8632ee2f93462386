package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.target.Target;
import dev.ksim.netfilter.text.RuleTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * One rule that iptables-nft 1.8.9 wrote, as nft 1.0.6 (built with libxtables, as Debian's is)
 * lists it. iptables-nft writes the generic part ({@code -i -o -p -s -d}, in that order), {@code -m
 * tcp}/{@code -m udp} ports, {@code -m mark} and {@code -m limit} as native expressions; every
 * other match and target is an {@code xt} expression, which nft prints through the extension's
 * iptables-translate function ({@code ct state new}, {@code dnat to 10.244.1.2:8080}) or, when the
 * extension has none or it declines, as {@code xt match NAME}. A comment's translation goes to a
 * buffer nft 1.0.6 never prints, so a comment prints as nothing between its two spaces. The
 * statements are joined by one space, then {@code counter packets N bytes M} and the target; {@code
 * meta l4proto tcp} is left out when a native {@code tcp} port match follows it with only addresses
 * between (nft's payload dependency removal).
 *
 * <p>The translations are keyed by the extension's name, as libxtables finds them; their options
 * are read from the rule's canonical iptables-save words.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/xt.c?h=v1.0.6">xt_stmt_xlate</a>
 * @see <a href="https://git.netfilter.org/iptables/tree/iptables/nft-ipv4.c?h=v1.8.9">
 *     nft_ipv4_add</a>
 * @see <a href="https://git.netfilter.org/iptables/tree/extensions?h=v1.8.9">extensions/*_xlate</a>
 */
final class IptablesNftRule {
  /** How a statement takes part in nft's dependency removal. */
  private enum Kind {
    /** {@code meta l4proto tcp|udp}: a dependency a transport match can remove. */
    PROTOCOL,
    /** Addresses and interfaces: they leave a pending dependency alone. */
    NETWORK,
    /** A native port match: it removes a pending {@code meta l4proto} of its protocol. */
    TRANSPORT,
    /** Anything else: an xt expression or another native one. */
    OTHER
  }

  private record Statement(String text, Kind kind, String protocol, boolean xt) {
    static Statement xt(String text) {
      return new Statement(text, Kind.OTHER, "", true);
    }

    static Statement nativeOther(String text) {
      return new Statement(text, Kind.OTHER, "", false);
    }
  }

  private static final Map<String, String> PROTOCOL_NUMBERS =
      Map.of("icmp", "1", "tcp", "6", "udp", "17", "sctp", "132", "ipv6-icmp", "58");

  private static final Map<String, BiFunction<IptablesNftRule, List<String>, Statement>> MATCHES =
      Map.ofEntries(
          Map.entry("comment", (r, w) -> Statement.xt("")),
          Map.entry("tcp", (r, w) -> r.ports("tcp", w)),
          Map.entry("udp", (r, w) -> r.ports("udp", w)),
          Map.entry("sctp", (r, w) -> r.xlate("sctp", XtTranslations.ports("sctp", w, false))),
          Map.entry("icmp", (r, w) -> r.xlate("icmp", XtTranslations.icmp(w))),
          Map.entry("multiport", (r, w) -> r.xlate("multiport", XtTranslations.multiport(r, w))),
          Map.entry("addrtype", (r, w) -> r.xlate("addrtype", XtTranslations.addrtype(w))),
          Map.entry("conntrack", (r, w) -> r.xlate("conntrack", XtTranslations.conntrack(w))),
          Map.entry("state", (r, w) -> r.xlate("state", XtTranslations.state(w))),
          Map.entry("statistic", (r, w) -> r.xlate("statistic", XtTranslations.statistic(w))),
          Map.entry("mark", (r, w) -> Statement.nativeOther(XtTranslations.mark(w))),
          Map.entry("limit", (r, w) -> Statement.nativeOther(XtTranslations.limit(w))));

  private final boolean v6;
  private final NftOutput output;
  private String protocol = "";

  private IptablesNftRule(boolean v6, NftOutput output) {
    this.v6 = v6;
    this.output = output;
  }

  /** The protocol of the rule's {@code -p}, "" without one (multiport's translation needs it). */
  String protocol() {
    return protocol;
  }

  /**
   * The rule's line inside its chain (without the tabs).
   *
   * @param counters {packets, bytes}
   * @param targetLost whether nft cannot find the target's extension (it then prints nothing for
   *     it, see {@link IptablesNftWriter})
   */
  static String text(Rule rule, boolean v6, NftOutput output, long[] counters, boolean targetLost) {
    return new IptablesNftRule(v6, output).text(rule, counters, targetLost);
  }

  /** Whether nft finds an xt expression in {@code rule} (its table then gets nft's warning). */
  static boolean hasXt(Rule rule) {
    IptablesNftRule translator = new IptablesNftRule(false, NftOutput.SYMBOLIC);
    List<Statement> statements = translator.statements(rule);
    Target target = rule.target();
    return statements.stream().anyMatch(Statement::xt)
        || (target != null && XtTranslations.isXtTarget(target.name()));
  }

  private String text(Rule rule, long[] counters, boolean targetLost) {
    List<String> parts = new ArrayList<>();
    List<Statement> statements = statements(rule);
    for (int i = 0; i < statements.size(); i++) {
      if (!removedDependency(statements, i)) {
        parts.add(statements.get(i).text());
      }
    }
    parts.add("counter packets " + counters[0] + " bytes " + counters[1]);
    Target target = rule.target();
    if (target != null) {
      parts.add(
          targetLost
              ? ""
              : XtTranslations.target(
                  target.name(), RuleTokenizer.split(target.save(), false), v6));
    }
    return String.join(" ", parts);
  }

  private static boolean removedDependency(List<Statement> statements, int at) {
    Statement statement = statements.get(at);
    if (statement.kind() != Kind.PROTOCOL) {
      return false;
    }
    for (int i = at + 1; i < statements.size(); i++) {
      Statement next = statements.get(i);
      if (next.kind() == Kind.TRANSPORT) {
        return next.protocol().equals(statement.protocol());
      }
      if (next.kind() != Kind.NETWORK) {
        return false;
      }
    }
    return false;
  }

  private List<Statement> statements(Rule rule) {
    Map<String, List<String>> generic = new LinkedHashMap<>();
    List<List<String>> modules = new ArrayList<>();
    for (Match match : rule.matches()) {
      List<String> words = RuleTokenizer.split(match.save(), false);
      if (match.isGeneric()) {
        boolean negated = words.get(0).equals("!");
        generic.put(words.get(negated ? 1 : 0), words);
      } else {
        modules.add(words);
      }
    }
    List<Statement> out = new ArrayList<>();
    for (String option : List.of("-i", "-o", "-p", "-s", "-d")) {
      List<String> words = generic.get(option);
      if (words != null) {
        out.add(generic(option, words));
      }
    }
    for (List<String> words : modules) {
      out.add(module(words));
    }
    return out;
  }

  private Statement generic(String option, List<String> words) {
    boolean negated = words.get(0).equals("!");
    String value = words.get(words.size() - 1);
    String op = negated ? "!= " : "";
    return switch (option) {
      case "-i", "-o" ->
          new Statement(
              (option.equals("-i") ? "iifname " : "oifname ")
                  + op
                  + '"'
                  + (value.endsWith("+") ? value.substring(0, value.length() - 1) + "*" : value)
                  + '"',
              Kind.NETWORK,
              "",
              false);
      case "-p" -> {
        protocol = value;
        String shown =
            output == NftOutput.NUMERIC ? PROTOCOL_NUMBERS.getOrDefault(value, value) : value;
        yield new Statement(
            "meta l4proto " + op + shown, negated ? Kind.OTHER : Kind.PROTOCOL, value, false);
      }
      default -> {
        String prefix = v6 ? "/128" : "/32";
        String address =
            value.endsWith(prefix) ? value.substring(0, value.length() - prefix.length()) : value;
        yield new Statement(
            (v6 ? "ip6 " : "ip ") + (option.equals("-s") ? "saddr " : "daddr ") + op + address,
            Kind.NETWORK,
            "",
            false);
      }
    };
  }

  private Statement module(List<String> words) {
    String name = words.get(1);
    BiFunction<IptablesNftRule, List<String>, Statement> translation = MATCHES.get(name);
    return translation == null
        ? Statement.xt("xt match " + name)
        : translation.apply(this, words.subList(2, words.size()));
  }

  /** An xt match printed through its translation, or as {@code xt match NAME} without one. */
  private Statement xlate(String name, @Nullable String translation) {
    return Statement.xt(translation == null ? "xt match " + name : translation);
  }

  /**
   * {@code -m tcp}/{@code -m udp}: native payload matches for the ports (and tcp flags), or, with
   * none, an xt match whose translation is empty.
   */
  private Statement ports(String module, List<String> words) {
    String translation = XtTranslations.ports(module, words, output == NftOutput.NUMERIC);
    return translation.isEmpty()
        ? Statement.xt("")
        : new Statement(translation, Kind.TRANSPORT, module, false);
  }
}
