package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * The frame of a command that runs one tool on a node of the settled cluster ({@code ksim
 * iptables}, {@code ksim ipvsadm}, {@code ksim ipset}, {@code ksim nft}): the manifests are loaded
 * and the cluster settled, the tool runs on the {@code --node}, and its output is printed as the
 * tool prints it.
 */
abstract class NodeToolCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  /** Runs the tool on {@code network}, the node's kernel. */
  abstract CommandResult run(NodeNetwork network);

  /** The command's exit status for the tool's result: the tool's own by default. */
  int exitCode(CommandResult result) {
    return result.exitCode();
  }

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    CommandResult result = run(node.of(cluster));
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    return exitCode(result);
  }
}
