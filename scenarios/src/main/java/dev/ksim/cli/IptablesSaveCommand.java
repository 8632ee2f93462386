package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.scenario.shell.NodeTools;
import java.util.concurrent.Callable;
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

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    System.out.print(
        NodeTools.iptablesSave(node.of(cluster), family(), counters, cluster.clock().now())
            .stdout());
    return 0;
  }

  /** The family whose rules this command prints. */
  IpFamily family() {
    return IpFamily.IPV4;
  }
}
