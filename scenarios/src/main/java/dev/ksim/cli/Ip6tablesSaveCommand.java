package dev.ksim.cli;

import dev.ksim.net.IpFamily;
import picocli.CommandLine.Command;

/** {@code ksim ip6tables-save -f M --node NODE}: the node's IPv6 rules. */
@Command(
    name = "ip6tables-save",
    mixinStandardHelpOptions = true,
    description =
        "Print a node's IPv6 rules in ip6tables-save format (what kube-proxy programmed).")
public final class Ip6tablesSaveCommand extends IptablesSaveCommand {
  @Override
  IpFamily family() {
    return IpFamily.IPV6;
  }
}
