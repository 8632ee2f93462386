package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.scenario.shell.IpvsadmTool;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim ipvsadm -f M --node NODE -- ARGS}: ipvsadm on a node of the settled cluster ({@code
 * -Ln}, {@code -Lnc}, {@code -Sn}, {@code --stats}, and the mutating commands). A command ipvsadm
 * refuses prints its message and exits 2.
 */
@Command(
    name = "ipvsadm",
    mixinStandardHelpOptions = true,
    description = "Run ipvsadm on a node (arguments after --), as ipvsadm 1.31 prints.")
public class IpvsadmCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  @Parameters(paramLabel = "IPVSADM-ARGS", description = "ipvsadm's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    CommandResult result = IpvsadmTool.run(node.of(cluster), args);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode() == 0 ? 0 : 2;
  }
}
