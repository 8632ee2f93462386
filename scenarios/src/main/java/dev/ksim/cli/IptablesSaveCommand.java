package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.scenario.shell.NodeTools;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ksim iptables-save -f M --node NODE}: the node's rules as iptables-save prints them. */
@Command(
    name = "iptables-save",
    mixinStandardHelpOptions = true,
    description = "Print a node's IPv4 rules in iptables-save format (what kube-proxy programmed).")
public class IptablesSaveCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  @Option(
      names = {"-c", "--counters"},
      description = "Print packet and byte counters.")
  boolean counters;

  @Option(
      names = {"-t", "--table"},
      description = "Print only this table (nat, filter, mangle, raw).")
  @Nullable String table;

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    List<String> args = new ArrayList<>();
    if (counters) {
      args.add("-c");
    }
    if (table != null) {
      args.add("--table=" + table);
    }
    CommandResult result =
        NodeTools.iptablesSave(node.of(cluster), family(), args, cluster.clock().now());
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode();
  }

  /** The family whose rules this command prints. */
  IpFamily family() {
    return IpFamily.IPV4;
  }
}
