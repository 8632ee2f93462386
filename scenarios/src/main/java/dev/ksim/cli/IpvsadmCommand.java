package dev.ksim.cli;

import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.shell.IpvsadmTool;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
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
public class IpvsadmCommand extends NodeToolCommand {
  @Parameters(paramLabel = "IPVSADM-ARGS", description = "ipvsadm's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  CommandResult run(NodeNetwork network) {
    return IpvsadmTool.run(network, args);
  }

  @Override
  int exitCode(CommandResult result) {
    return result.exitCode() == 0 ? 0 : 2;
  }
}
