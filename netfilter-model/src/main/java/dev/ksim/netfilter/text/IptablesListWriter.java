package dev.ksim.netfilter.text;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.match.DestinationMatch;
import dev.ksim.netfilter.match.InInterfaceMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.OutInterfaceMatch;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.match.SourceMatch;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code iptables -S [chain]} and {@code iptables -L [chain] [-n] [-v] [-x] [--line-numbers]} as
 * iptables-nft 1.8.9 prints them, column widths, name lookups and all.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/iptables/nft-shared.c">nft-shared.c
 *     print_rule_details</a>
 */
public final class IptablesListWriter {
  /** The -L options. */
  public record ListOptions(
      boolean numeric, boolean verbose, boolean exact, boolean lineNumbers, IpFamily family) {
    /** iptables' options (IPv4). */
    public ListOptions(boolean numeric, boolean verbose, boolean exact, boolean lineNumbers) {
      this(numeric, verbose, exact, lineNumbers, IpFamily.IPV4);
    }
  }

  /** Debian's /etc/hosts and /etc/networks entries that iptables -L resolves without -n. */
  private static final Map<String, String> HOST_NAMES =
      Map.of("127.0.0.1", "localhost", "::1", "localhost");

  private static final Map<String, String> NETWORK_NAMES =
      Map.of("0.0.0.0", "default", "127.0.0.0", "loopback", "169.254.0.0", "link-local");

  private IptablesListWriter() {}

  /** {@code -S}: policies, chain creations, then rules. */
  public static String listRules(TableState table, @Nullable String chainName) {
    StringBuilder sb = new StringBuilder();
    List<Chain> chains = chains(table, chainName);
    for (Chain chain : chains) {
      sb.append(
              chain.isBuiltin()
                  ? "-P " + chain.name() + " " + chain.policy()
                  : "-N " + chain.name())
          .append('\n');
    }
    for (Chain chain : chains) {
      for (Rule rule : chain.rules()) {
        sb.append(rule.saveText(chain.name())).append('\n');
      }
    }
    return sb.toString();
  }

  private static List<Chain> chains(TableState table, @Nullable String chainName) {
    if (chainName == null) {
      return List.copyOf(table.chains().values());
    }
    Chain chain = table.chains().get(chainName);
    if (chain == null) {
      throw new IllegalArgumentException(
          "chain `"
              + chainName
              + "' in table `"
              + table.table().token()
              + "' is incompatible, use 'nft' tool.");
    }
    return List.of(chain);
  }

  /** {@code -L}: a block per chain, blank lines between blocks. */
  public static String list(
      TableState table, @Nullable String chainName, ListOptions options, RuleCounters counters) {
    List<String> blocks = new ArrayList<>();
    for (Chain chain : chains(table, chainName)) {
      blocks.add(chainBlock(table, chain, options, counters));
    }
    return String.join("\n", blocks);
  }

  private static String chainBlock(
      TableState table, Chain chain, ListOptions o, RuleCounters counters) {
    StringBuilder sb = new StringBuilder("Chain ").append(chain.name());
    if (chain.isBuiltin()) {
      sb.append(" (policy ").append(chain.policy());
      if (o.verbose()) {
        long[] c = counters.policy(table.table(), chain.name());
        sb.append(' ')
            .append(num(c[0], o, true))
            .append("packets, ")
            .append(num(c[1], o, true))
            .append("bytes");
      }
      sb.append(")\n");
    } else {
      sb.append(" (").append(table.references(chain.name())).append(" references)\n");
    }
    if (o.lineNumbers()) {
      sb.append(String.format("%-4s ", "num"));
    }
    if (o.verbose()) {
      if (o.exact()) {
        sb.append(String.format("%8s %10s ", "pkts", "bytes"));
      } else {
        sb.append(String.format("%5s %5s ", "pkts", "bytes"));
      }
    }
    sb.append(String.format("%-9s ", "target")).append(" prot opt");
    if (o.verbose()) {
      sb.append(String.format(" %-6s %-6s ", "in", "out"));
    }
    sb.append(String.format(" %-19s  %-19s \n", "source", "destination"));
    List<Rule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      long[] c = o.verbose() ? counters.rule(table.table(), chain, i) : new long[2];
      sb.append(ruleLine(rules.get(i), i + 1, o, c)).append('\n');
    }
    return sb.toString();
  }

  /** A rule's line, {@code c} its {packets, bytes} (printed with {@code -v}). */
  private static String ruleLine(Rule rule, int number, ListOptions o, long[] c) {
    StringBuilder sb = new StringBuilder();
    if (o.lineNumbers()) {
      sb.append(String.format("%-4d ", number));
    }
    if (o.verbose()) {
      sb.append(num(c[0], o, false)).append(num(c[1], o, false));
    }
    Target target = rule.target();
    sb.append(String.format("%-9s ", target == null ? "" : target.name()));
    Optional<ProtocolMatch> protocol = rule.protocol();
    sb.append(protocol.isPresent() && protocol.get().negated() ? '!' : ' ');
    String proto =
        protocol.isEmpty()
            ? (o.numeric() ? "0" : "all")
            : (o.numeric()
                ? Integer.toString(protocol.get().protocol().number())
                : protocol.get().protocol().token());
    sb.append(String.format("%-5s", proto));
    sb.append("-- ");
    if (o.verbose()) {
      sb.append(
          String.format(
              " %-6s ",
              iface(
                  find(rule, InInterfaceMatch.class)
                      .map(m -> (m.negated() ? "!" : "") + m.name()))));
      sb.append(
          String.format(
              "%-6s ",
              iface(
                  find(rule, OutInterfaceMatch.class)
                      .map(m -> (m.negated() ? "!" : "") + m.name()))));
    }
    Optional<SourceMatch> src = find(rule, SourceMatch.class);
    Optional<DestinationMatch> dst = find(rule, DestinationMatch.class);
    sb.append(src.isPresent() && src.get().negated() ? '!' : ' ');
    sb.append(String.format("%-19s ", address(src.map(SourceMatch::cidr).orElse(null), o)));
    sb.append(dst.isPresent() && dst.get().negated() ? '!' : ' ');
    sb.append(String.format("%-19s ", address(dst.map(DestinationMatch::cidr).orElse(null), o)));
    for (Match match : rule.matches()) {
      String text = match.list(o.numeric());
      if (!text.isEmpty()) {
        sb.append(' ').append(text);
      }
    }
    if (target != null) {
      String text = target.list(o.numeric());
      if (!text.isEmpty()) {
        sb.append(' ').append(text);
      }
    }
    return sb.toString();
  }

  private static String iface(Optional<String> name) {
    return name.orElse("*");
  }

  private static <T extends Match> Optional<T> find(Rule rule, Class<T> type) {
    return rule.matches().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  private static String address(@Nullable Cidr cidr, ListOptions options) {
    boolean numeric = options.numeric();
    if (cidr == null || cidr.prefixLength() == 0) {
      if (!numeric) {
        return "anywhere";
      }
      IpFamily family = cidr == null ? options.family() : cidr.family();
      return family == IpFamily.IPV4 ? "0.0.0.0/0" : "::/0";
    }
    IpAddress ip = cidr.network();
    String text = ip.toString();
    if (!numeric) {
      String host = cidr.prefixLength() == cidr.family().bits() ? HOST_NAMES.get(text) : null;
      String network = NETWORK_NAMES.get(text);
      text = host != null ? host : network != null ? network : text;
    }
    return cidr.prefixLength() == cidr.family().bits() ? text : text + "/" + cidr.prefixLength();
  }

  /** xtables_print_num: exact or with K/M/G/T suffixes; {@code notable} drops the padding. */
  private static String num(long number, ListOptions o, boolean notable) {
    if (o.exact() || !o.verbose()) {
      return notable ? number + " " : String.format("%8d ", number);
    }
    if (number <= 99999) {
      return notable ? number + " " : String.format("%5d ", number);
    }
    String[] units = {"K", "M", "G", "T"};
    long n = number;
    for (int i = 0; i < units.length; i++) {
      n = (n + 500) / 1000;
      if (n <= 9999 || i == units.length - 1) {
        return notable ? n + units[i] + " " : String.format("%4d%s ", n, units[i]);
      }
    }
    return number + " ";
  }
}
