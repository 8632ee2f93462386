package dev.ksim.cli;

import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.shell.NftTool;
import dev.ksim.scenario.shell.UnsupportedCommandException;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim nft -f M --node NODE -- [-a] [-n] list ruleset|tables|table|chain|set|map ...}: a
 * node's nftables ruleset as nft 1.0.6 lists it. nft's own errors exit 1 as nft does; a command or
 * option ksim does not simulate exits 2.
 */
@Command(
    name = "nft",
    mixinStandardHelpOptions = true,
    description = "List a node's nftables ruleset as nft 1.0.x does (arguments after --).")
public class NftCommand extends NodeToolCommand {
  @Parameters(paramLabel = "NFT-ARGS", description = "nft's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  CommandResult run(NodeNetwork network) {
    return NftTool.run(network, args);
  }

  @Override
  public Integer call() {
    try {
      return super.call();
    } catch (UnsupportedCommandException e) {
      System.err.println(e.getMessage());
      return KsimCommand.BAD_INPUT;
    }
  }
}
