package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.view.CommandResult;
import dev.ksim.view.Kubectl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim kubectl -f M -- get|describe ...}: kubectl's views of the settled cluster; {@code
 * exec POD -- COMMAND} runs curl, dig or nslookup as they would run in that pod.
 */
@Command(
    name = "kubectl",
    mixinStandardHelpOptions = true,
    description =
        "Print kubectl's views (get, describe) of the simulated cluster; exec POD -- curl|dig|nslookup.")
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
        args.isEmpty() || !args.get(0).equals("exec")
            ? new Kubectl(cluster).run(args)
            : new Shell(cluster, cluster.datapath(Recording.NONE)).run("", prepend(args)).output();
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
