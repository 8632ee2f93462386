package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.view.CommandResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim kubectl -f M -- ARGS}: kubectl in ksim's shell against the settled cluster: its views
 * (get, describe), the verbs that change the cluster (create, apply, delete, scale, ...) and {@code
 * exec POD -- COMMAND}.
 */
@Command(
    name = "kubectl",
    mixinStandardHelpOptions = true,
    description =
        "Run kubectl against the simulated cluster: get, describe, create, apply, delete, scale,"
            + " expose, patch, label, rollout, exec POD -- COMMAND.")
public final class KubectlCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Parameters(paramLabel = "KUBECTL-ARGS", description = "kubectl's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    CommandResult result =
        new Shell(cluster, cluster.datapath(Recording.NONE), Path.of(""))
            .run("", prepend(args))
            .output();
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode();
  }

  private static List<String> prepend(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("kubectl"));
    argv.addAll(args);
    return argv;
  }
}
