package dev.ksim.scenario.shell;

import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackWriter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.text.IptablesListWriter;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The node tools ksim runs against a node's kernel: {@code iptables}/{@code ip6tables} listing
 * rules (-S, -L), {@code iptables-save}/{@code ip6tables-save}, and {@code conntrack -L}, printing
 * what iptables 1.8.9 (nf_tables) and conntrack-tools print.
 */
public final class NodeTools {
  /** iptables-save's date format, as C's asctime prints it. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private NodeTools() {}

  /** {@code iptables [-t TABLE] -S|-L [CHAIN] [-n] [-v] [-x] [--line-numbers]}. */
  public static CommandResult iptables(NodeNetwork network, IpFamily family, List<String> args) {
    if (args.stream().anyMatch(IptablesChanges.COMMANDS::contains)) {
      return IptablesChanges.change(network, family, args);
    }
    String tool = (family == IpFamily.IPV6 ? "ip6tables" : "iptables") + " v1.8.9 (nf_tables): ";
    List<String> words = new ArrayList<>(args);
    Table table = Table.FILTER;
    String command = null;
    String chain = null;
    boolean numeric = false;
    boolean verbose = false;
    boolean exact = false;
    boolean lineNumbers = false;
    for (int i = 0; i < words.size(); i++) {
      String arg = words.get(i);
      switch (arg) {
        case "-t", "--table" -> {
          String name = i + 1 < words.size() ? words.get(++i) : "";
          table = Table.tryParse(name).orElse(null);
          if (table == null) {
            return CommandResult.error(tool + "table '" + name + "' does not exist\n", 1);
          }
        }
        case "-S", "--list-rules", "-L", "--list" -> {
          command = arg.startsWith("-S") || arg.equals("--list-rules") ? "S" : "L";
          if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
            chain = words.get(++i);
          }
        }
        case "-n", "--numeric" -> numeric = true;
        case "-v", "--verbose" -> verbose = true;
        case "-x", "--exact" -> exact = true;
        case "--line-numbers" -> lineNumbers = true;
        default -> {
          if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) {
            String flags = arg.substring(1);
            for (int k = 0; k < flags.length(); k++) {
              words.add(i + 1 + k, "-" + flags.charAt(k));
            }
            continue;
          }
          return CommandResult.error(
              tool + "ksim lists rules only (-S, -L); unknown argument " + arg + "\n", 2);
        }
      }
    }
    if (command == null) {
      return CommandResult.error(tool + "no command specified (ksim knows -S and -L)\n", 2);
    }
    TableState state = network.kernel().ruleset(family).table(table);
    try {
      if (command.equals("S")) {
        return CommandResult.ok(IptablesListWriter.listRules(state, chain));
      }
      return CommandResult.ok(
          IptablesListWriter.list(
              state,
              chain,
              new IptablesListWriter.ListOptions(numeric, verbose, exact, lineNumbers, family),
              network.kernel().counters(family)));
    } catch (IllegalArgumentException e) {
      return CommandResult.error(tool + e.getMessage() + "\n" + olderChainHint(chain), 1);
    }
  }

  /**
   * A hint for a chain name of an older kube-proxy that the current one does not create.
   *
   * @see <a href="https://github.com/kubernetes/kubernetes/pull/109060">kubernetes#109060 (XLB to
   *     EXT)</a>
   */
  static String olderChainHint(@Nullable String chain) {
    if (chain == null) {
      return "";
    }
    if (chain.startsWith("KUBE-XLB-")) {
      return "ksim: KUBE-XLB-* was the externalTrafficPolicy: Local chain of kube-proxy before"
          + " v1.25; current kube-proxy sends external traffic to KUBE-EXT-"
          + chain.substring("KUBE-XLB-".length())
          + ", which jumps to KUBE-SVL-* (the node's local endpoints)\n";
    }
    if (chain.startsWith("KUBE-FW-")) {
      return "ksim: current kube-proxy creates KUBE-FW-* only for a LoadBalancer Service with"
          + " loadBalancerSourceRanges; otherwise the load balancer IP's rule in KUBE-SERVICES"
          + " jumps straight to KUBE-EXT-"
          + chain.substring("KUBE-FW-".length())
          + "\n";
    }
    return "";
  }

  /** {@code iptables-save [-c]} at simulated time {@code now}: every table that exists. */
  public static CommandResult iptablesSave(
      NodeNetwork network, IpFamily family, boolean counters, Instant now) {
    return save(network, family, counters, network.kernel().ruleset(family), now);
  }

  /**
   * {@code iptables-save [-c] [-t TABLE]} with the tool's own arguments. As iptables-nft-save 1.8.9
   * does (checked on this machine), {@code -t} prints that one table, with its built-in chains even
   * when nothing created it yet; a table iptables does not know exits 1 with "Table `foo' does not
   * exist" on stderr and nothing on stdout.
   */
  public static CommandResult iptablesSave(
      NodeNetwork network, IpFamily family, List<String> args, Instant now) {
    String tool = family == IpFamily.IPV6 ? "ip6tables-save" : "iptables-save";
    boolean counters = false;
    @Nullable String tableName = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-c") || arg.equals("--counters")) {
        counters = true;
      } else if (arg.equals("-t") || arg.equals("--table")) {
        if (i + 1 == args.size()) {
          throw KsimInputException.commandLine(tool, arg + " needs a table name");
        }
        tableName = args.get(++i);
      } else if (arg.startsWith("--table=")) {
        tableName = arg.substring("--table=".length());
      } else if (arg.startsWith("-t") && arg.length() > 2) {
        tableName = arg.substring(2);
      } else {
        throw KsimInputException.commandLine(
            tool, "unsupported argument " + arg + " (-c, -t TABLE)");
      }
    }
    Ruleset ruleset = network.kernel().ruleset(family);
    if (tableName == null) {
      return save(network, family, counters, ruleset, now);
    }
    Optional<Table> table = Table.tryParse(tableName);
    if (table.isEmpty()) {
      return new CommandResult("", "Table `" + tableName + "' does not exist\n", 1);
    }
    Ruleset one = new Ruleset(Map.of(table.get(), ruleset.table(table.get())));
    return save(network, family, counters, one, now);
  }

  private static CommandResult save(
      NodeNetwork network, IpFamily family, boolean counters, Ruleset ruleset, Instant now) {
    String stamp = STAMP.format(now.atOffset(ZoneOffset.UTC));
    return CommandResult.ok(
        IptablesSaveWriter.save(
            ruleset,
            stamp,
            counters ? network.kernel().counters(family) : null,
            family == IpFamily.IPV6));
  }

  /** {@code conntrack -L [-d ADDR] [-s ADDR] [-p PROTO]}; the summary goes to stderr. */
  public static CommandResult conntrack(NodeNetwork network, List<String> args) {
    Predicate<ConntrackEntry> filter = e -> true;
    boolean list = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-L", "--dump" -> list = true;
        case "-d", "--dst", "--orig-dst" -> {
          IpAddress ip = address(args, ++i, arg);
          filter = filter.and(e -> e.original().destination().equals(ip));
        }
        case "-s", "--src", "--orig-src" -> {
          IpAddress ip = address(args, ++i, arg);
          filter = filter.and(e -> e.original().source().equals(ip));
        }
        case "-p", "--proto" -> {
          String text = i + 1 < args.size() ? args.get(++i) : "";
          Protocol protocol =
              Protocol.tryParse(text)
                  .orElseThrow(
                      () -> KsimInputException.commandLine(arg, "unknown protocol " + text));
          filter = filter.and(e -> e.original().protocol() == protocol);
        }
        default ->
            throw KsimInputException.commandLine(
                "conntrack", "unsupported argument " + arg + " (-L, -d, -s, -p)");
      }
    }
    if (!list) {
      throw KsimInputException.commandLine("conntrack", "only -L (list) is simulated");
    }
    long now = network.kernel().nowMillis();
    List<ConntrackEntry> entries =
        network.kernel().conntrack().entries(now).stream().filter(filter).toList();
    return new CommandResult(
        ConntrackWriter.list(entries, now), ConntrackWriter.summary(entries.size()), 0);
  }

  private static IpAddress address(List<String> args, int index, String option) {
    String text = index < args.size() ? args.get(index) : "";
    return IpAddress.tryParse(text)
        .orElseThrow(() -> KsimInputException.commandLine(option, "not an address: " + text));
  }
}
