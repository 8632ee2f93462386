package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.node.NodeNetwork;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
  /** iptables-save's date format, as C's asctime prints it. */
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

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
    NodeNetwork network = node.of(cluster);
    String stamp = STAMP.format(cluster.clock().now().atOffset(ZoneOffset.UTC));
    System.out.print(
        IptablesSaveWriter.save(
            network.kernel().ruleset(family()),
            stamp,
            counters ? network.kernel().counters(family()) : null,
            family() == IpFamily.IPV6));
    return 0;
  }

  /** The family whose rules this command prints. */
  IpFamily family() {
    return IpFamily.IPV4;
  }
}
