package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.text.IptablesListWriter;
import dev.ksim.node.NodeNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim iptables -f M --node NODE -- [-t TABLE] -S|-L [CHAIN] [-n] [-v] [-x]
 * [--line-numbers]}: a node's rules as iptables lists them.
 */
@Command(
    name = "iptables",
    mixinStandardHelpOptions = true,
    description = "List a node's rules as iptables -S or -L does (arguments after --).")
public class IptablesCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  @Parameters(paramLabel = "IPTABLES-ARGS", description = "iptables' arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Table table = Table.FILTER;
    String command = null;
    String chain = null;
    boolean numeric = false;
    boolean verbose = false;
    boolean exact = false;
    boolean lineNumbers = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-t", "--table" -> {
          String name = i + 1 < args.size() ? args.get(++i) : "";
          table = Table.tryParse(name).orElse(null);
          if (table == null) {
            System.err.println(tool() + " v1.8.9 (nf_tables): table '" + name + "' does not exist");
            return 1;
          }
        }
        case "-S", "--list-rules", "-L", "--list" -> {
          command = arg.startsWith("-S") || arg.equals("--list-rules") ? "S" : "L";
          if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
            chain = args.get(++i);
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
              args.add(i + 1 + k, "-" + flags.charAt(k));
            }
            continue;
          }
          System.err.println(
              tool()
                  + " v1.8.9 (nf_tables): ksim lists rules only (-S, -L); unknown argument "
                  + arg);
          return 2;
        }
      }
    }
    if (command == null) {
      System.err.println(
          tool() + " v1.8.9 (nf_tables): no command specified (ksim knows -S and -L)");
      return 2;
    }
    Cluster cluster = input.start(System.err);
    NodeNetwork network = node.of(cluster);
    TableState state = network.kernel().ruleset(family()).table(table);
    try {
      if (command.equals("S")) {
        System.out.print(IptablesListWriter.listRules(state, chain));
      } else {
        System.out.print(
            IptablesListWriter.list(
                state,
                chain,
                new IptablesListWriter.ListOptions(numeric, verbose, exact, lineNumbers, family()),
                network.kernel().counters(family())));
      }
    } catch (IllegalArgumentException e) {
      System.err.println(tool() + " v1.8.9 (nf_tables): " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** The family whose rules this command lists. */
  IpFamily family() {
    return IpFamily.IPV4;
  }

  /** The tool's name in its messages. */
  String tool() {
    return "iptables";
  }
}
