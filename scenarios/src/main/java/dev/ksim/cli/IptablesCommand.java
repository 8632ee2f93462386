package dev.ksim.cli;

import dev.ksim.net.IpFamily;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.shell.NodeTools;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim iptables -f M --node NODE -- [-t TABLE] -S|-L [CHAIN] [-n] [-v] [-x]
 * [--line-numbers]}: a node's rules as iptables lists them.
 */
@Command(
    name = "iptables",
    mixinStandardHelpOptions = true,
    description = "List a node's rules as iptables -S or -L does (arguments after --).")
public class IptablesCommand extends NodeToolCommand {
  @Parameters(paramLabel = "IPTABLES-ARGS", description = "iptables' arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  CommandResult run(NodeNetwork network) {
    return NodeTools.iptables(network, family(), args);
  }

  /** The family whose rules this command lists. */
  IpFamily family() {
    return IpFamily.IPV4;
  }
}
