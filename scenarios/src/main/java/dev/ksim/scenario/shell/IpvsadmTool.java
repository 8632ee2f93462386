package dev.ksim.scenario.shell;

import dev.ksim.ipvs.text.Ipvsadm;
import dev.ksim.ipvs.text.IpvsadmResult;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.List;

/**
 * {@code ipvsadm} typed on a node: the node's IPVS, as ipvsadm 1.31 changes and lists it (the
 * mutating commands, {@code -L/-l} with its formats, {@code -S}, {@code --set}; {@code -R} reads
 * nothing, a shell has no standard input to give it).
 */
public final class IpvsadmTool {
  private IpvsadmTool() {}

  public static CommandResult run(NodeNetwork network, List<String> args) {
    IpvsadmResult result = Ipvsadm.run(network.ipvs(), args, "");
    return new CommandResult(result.stdout(), result.stderr(), result.exitStatus());
  }
}
