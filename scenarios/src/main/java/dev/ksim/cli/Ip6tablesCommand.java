package dev.ksim.cli;

import dev.ksim.net.IpFamily;
import picocli.CommandLine.Command;

/** {@code ksim ip6tables -f M --node NODE -- -t nat -S|-L ...}: the node's IPv6 rules listed. */
@Command(
    name = "ip6tables",
    mixinStandardHelpOptions = true,
    description = "List a node's IPv6 rules as ip6tables -S or -L does (arguments after --).")
public final class Ip6tablesCommand extends IptablesCommand {
  @Override
  IpFamily family() {
    return IpFamily.IPV6;
  }
}
