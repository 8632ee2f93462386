package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.node.NodeNetwork;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --node NODE}: which node's view to print (default: the first node by name). */
public final class NodeOption {
  @Option(
      names = "--node",
      paramLabel = "NODE",
      description = "The node (default: the first by name).")
  @Nullable String node;

  NodeNetwork of(Cluster cluster) {
    if (node == null) {
      return cluster.nodeNetworks().values().iterator().next();
    }
    NodeNetwork network = cluster.nodeNetworks().get(node);
    if (network == null) {
      throw KsimInputException.commandLine(
          "--node",
          "no node \""
              + node
              + "\" (nodes: "
              + String.join(", ", cluster.nodeNetworks().keySet())
              + ")");
    }
    return network;
  }
}
