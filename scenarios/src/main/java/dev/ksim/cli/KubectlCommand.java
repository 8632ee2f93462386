package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.view.CommandResult;
import dev.ksim.view.Kubectl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ksim kubectl -f M -- get|describe ...}: kubectl's views of the settled cluster. */
@Command(
    name = "kubectl",
    mixinStandardHelpOptions = true,
    description = "Print kubectl's views (get, describe) of the simulated cluster.")
public final class KubectlCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Parameters(paramLabel = "KUBECTL-ARGS", description = "kubectl's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    CommandResult result = new Kubectl(cluster).run(args);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode();
  }
}
