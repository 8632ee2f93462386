package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.scenario.shell.IpsetTool;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim ipset -f M --node NODE -- list|save [NAME]}: ipset on a node of the settled cluster,
 * the sets kube-proxy's ipvs mode keeps. A set that does not exist prints ipset's message and exits
 * 2.
 */
@Command(
    name = "ipset",
    mixinStandardHelpOptions = true,
    description = "Run ipset list|save on a node (arguments after --), as ipset 7.17 prints.")
public class IpsetCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  @Parameters(paramLabel = "IPSET-ARGS", description = "ipset's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    CommandResult result = IpsetTool.run(node.of(cluster), args);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode() == 0 ? 0 : 2;
  }
}
