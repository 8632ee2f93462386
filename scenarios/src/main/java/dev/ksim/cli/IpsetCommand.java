package dev.ksim.cli;

import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.shell.IpsetTool;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
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
public class IpsetCommand extends NodeToolCommand {
  @Parameters(paramLabel = "IPSET-ARGS", description = "ipset's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  CommandResult run(NodeNetwork network) {
    return IpsetTool.run(network, args);
  }

  @Override
  int exitCode(CommandResult result) {
    return result.exitCode() == 0 ? 0 : KsimCommand.BAD_INPUT;
  }
}
