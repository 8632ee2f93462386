package dev.ksim.scenario.shell;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.SetMatch;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.text.IpsetWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ipset} typed on a node: {@code list} ({@code -L}) and {@code save} ({@code -S}) of every
 * set or of one, with {@code -n} / {@code -name} for the names only, as ipset 7.17 prints them
 * ({@link IpsetWriter}). The sets are the node kernel's, the ones kube-proxy's ipvs mode keeps
 * among them. Commands that change sets are refused: kube-proxy owns them.
 *
 * @see <a href="https://ipset.netfilter.org/ipset.man.html">ipset(8)</a>
 */
public final class IpsetTool {
  private static final String VERSION = "ipset v7.17: ";

  private IpsetTool() {}

  public static CommandResult run(NodeNetwork network, List<String> args) {
    Netfilter kernel = network.kernel();
    if (args.isEmpty()) {
      return error("No command specified: try `ipset list` or `ipset save`");
    }
    String command = args.get(0);
    boolean list = command.equals("list") || command.equals("-L") || command.equals("--list");
    boolean save = command.equals("save") || command.equals("-S") || command.equals("--save");
    if (!list && !save) {
      throw new UnsupportedCommandException(
          "ksim: ipset " + command + " is not simulated (list and save are)");
    }
    boolean namesOnly = false;
    String name = null;
    for (String arg : args.subList(1, args.size())) {
      if (list && (arg.equals("-n") || arg.equals("-name"))) {
        namesOnly = true;
      } else if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option("ipset", arg, list ? "-n" : "no options");
      } else if (name == null) {
        name = arg;
      } else {
        return error("Unknown argument: `" + arg + "'");
      }
    }
    List<IpSet> sets = new ArrayList<>();
    if (name == null) {
      sets.addAll(kernel.ipsets().values());
    } else {
      IpSet set = kernel.ipsets().get(name);
      if (set == null) {
        return error("The set with the given name does not exist");
      }
      sets.add(set);
    }
    if (namesOnly) {
      StringBuilder names = new StringBuilder();
      sets.forEach(s -> names.append(s.name()).append('\n'));
      return CommandResult.ok(names.toString());
    }
    return CommandResult.ok(
        list ? IpsetWriter.list(sets, references(kernel)) : IpsetWriter.save(sets));
  }

  /** How many rules of either family name each set ({@code References:} of ipset list). */
  private static Map<String, Integer> references(Netfilter kernel) {
    Map<String, Integer> references = new TreeMap<>();
    for (IpFamily family : IpFamily.values()) {
      for (TableState table : kernel.ruleset(family).tables().values()) {
        for (Chain chain : table.chains().values()) {
          for (Rule rule : chain.rules()) {
            for (Match match : rule.matches()) {
              if (match instanceof SetMatch set) {
                references.merge(set.name(), 1, Integer::sum);
              }
            }
          }
        }
      }
    }
    return references;
  }

  private static CommandResult error(String message) {
    return new CommandResult("", VERSION + message + "\n", 1);
  }
}
