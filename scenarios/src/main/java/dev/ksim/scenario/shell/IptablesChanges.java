package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableSet;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.netfilter.text.RulesParseException;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code iptables}/{@code ip6tables} commands that change a node's rules ({@code -A -I -D -R -N -X
 * -F -P}, with {@code -t}) and {@code iptables-restore [--noflush]}. Each is applied as an
 * iptables-restore transaction on the node's kernel, so it lasts as on a real node: kube-proxy's
 * next sync (a restore with {@code --noflush}) rewrites the chains kube-proxy declares and leaves
 * user chains and rules elsewhere alone.
 *
 * @see <a href="https://man7.org/linux/man-pages/man8/iptables.8.html">iptables(8)</a>
 */
final class IptablesChanges {
  /** The commands that change rules. */
  static final Set<String> COMMANDS =
      ImmutableSet.of(
          "-A",
          "--append",
          "-I",
          "--insert",
          "-D",
          "--delete",
          "-R",
          "--replace",
          "-N",
          "--new-chain",
          "-X",
          "--delete-chain",
          "-F",
          "--flush",
          "-P",
          "--policy",
          "-Z",
          "--zero");

  private IptablesChanges() {}

  /** Runs one changing command line of {@code iptables} (family IPv4) or {@code ip6tables}. */
  static CommandResult change(NodeNetwork network, IpFamily family, List<String> args) {
    String tool = family == IpFamily.IPV6 ? "ip6tables" : "iptables";
    String table = "filter";
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("-t") || args.get(i).equals("--table")) {
        table = i + 1 < args.size() ? args.get(++i) : "";
      } else if (!args.get(i).equals("-w") && !args.get(i).equals("--wait")) {
        words.add(args.get(i));
      }
    }
    int at = 0;
    while (at < words.size() && !COMMANDS.contains(words.get(at))) {
      at++;
    }
    String op = words.get(at);
    List<String> rest = new ArrayList<>(words.subList(0, at));
    rest.addAll(words.subList(at + 1, words.size()));
    if (op.equals("-Z") || op.equals("--zero")) {
      throw UnsupportedCommandException.option(tool, op, "-A -I -D -R -N -X -F -P, -t, -S, -L");
    }
    String script;
    if (op.equals("-P") || op.equals("--policy")) {
      if (rest.size() != 2) {
        return CommandResult.error(
            tool + " v1.8.9 (nf_tables): -P requires a chain and a policy\n", 2);
      }
      script = ":" + rest.get(0) + " " + rest.get(1) + " [0:0]\n";
    } else if (op.equals("-R") || op.equals("--replace")) {
      if (rest.size() < 2 || !rest.get(1).matches("\\d+")) {
        return CommandResult.error(tool + " v1.8.9 (nf_tables): -R requires a rule number\n", 2);
      }
      List<String> rule = rest.subList(2, rest.size());
      script =
          "-D "
              + rest.get(0)
              + " "
              + rest.get(1)
              + "\n-I "
              + rest.get(0)
              + " "
              + rest.get(1)
              + " "
              + quoted(rule)
              + "\n";
    } else {
      script = op + (rest.isEmpty() ? "" : " " + quoted(rest)) + "\n";
    }
    return restore(network, family, tool, "*" + table + "\n" + script + "COMMIT\n", true);
  }

  /**
   * {@code iptables-restore [--noflush]} of {@code text} into the node's kernel, all or nothing.
   */
  static CommandResult restore(
      NodeNetwork network, IpFamily family, String tool, String text, boolean noflush) {
    Netfilter kernel = network.kernel();
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    try {
      Ruleset next =
          new IptablesRestoreParser(tool, environment, noflush).parse(text, kernel.ruleset(family));
      kernel.setRuleset(family, next);
      return CommandResult.ok("");
    } catch (RulesParseException e) {
      return CommandResult.error(message(tool, String.valueOf(e.getMessage())), 1);
    }
  }

  /** iptables-nft's words for the errors a single command meets. */
  private static String message(String tool, String restoreMessage) {
    if (!tool.endsWith("tables")) {
      return tool + ": " + restoreMessage + "\n";
    }
    if (restoreMessage.contains("does not exist")) {
      return tool + ": No chain/target/match by that name.\n";
    }
    for (String known :
        List.of(
            "Chain already exists",
            "Bad rule (does a matching rule exist in that chain?)",
            "Index of deletion too big",
            "Index of insertion too big",
            "Can't delete built-in chain")) {
      if (restoreMessage.contains(known)) {
        return tool + ": " + known + ".\n";
      }
    }
    return tool + " v1.8.9 (nf_tables): " + restoreMessage + "\n";
  }

  private static String quoted(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w.isEmpty() || w.matches(".*[\\s\"'].*") ? "\"" + w.replace("\"", "\\\"") + "\"" : w);
    }
    return String.join(" ", out);
  }
}
