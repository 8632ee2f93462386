package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.scenario.shell.NodeTools;
import dev.ksim.view.CommandResult;
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
    Cluster cluster = input.start(System.err);
    CommandResult result = NodeTools.iptables(node.of(cluster), family(), args);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode();
  }

  /** The family whose rules this command lists. */
  IpFamily family() {
    return IpFamily.IPV4;
  }
}
