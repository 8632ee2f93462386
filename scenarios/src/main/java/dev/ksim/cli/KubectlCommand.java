package dev.ksim.cli;

import dev.ksim.cli.shell.Shell;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.netfilter.eval.Recording;
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
    if (!args.isEmpty() && args.get(0).equals("exec")) {
      return exec(cluster);
    }
    CommandResult result = new Kubectl(cluster).run(args);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return result.exitCode();
  }

  /** {@code exec [-it] POD [-n NS] [-c C] -- COMMAND...}: a command run in the pod. */
  private int exec(Cluster cluster) {
    String namespace = "default";
    String pod = null;
    int i = 1;
    for (; i < args.size() && !args.get(i).equals("--"); i++) {
      String arg = args.get(i);
      if (arg.equals("-n") || arg.equals("--namespace")) {
        namespace = i + 1 < args.size() ? args.get(++i) : "";
      } else if (arg.equals("-c") || arg.equals("--container")) {
        i++; // every container of a pod shares its network namespace
      } else if (!arg.startsWith("-")) {
        pod = arg;
      }
    }
    List<String> command = i < args.size() ? args.subList(i + 1, args.size()) : List.of();
    if (pod == null || command.isEmpty()) {
      System.err.println("error: expected 'exec POD -- COMMAND [args...]'");
      return 1;
    }
    CommandResult result =
        new Shell(cluster, new ClusterDatapath(cluster, Recording.NONE))
            .run("pod/" + namespace + "/" + pod, command);
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    if (result.exitCode() != 0) {
      System.err.println("command terminated with exit code " + result.exitCode());
    }
    return result.exitCode() == 0 ? 0 : 1;
  }
}
