package dev.ksim.scenario.shell;

import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.text.IptablesNftTable;
import dev.ksim.netfilter.nft.text.NftList;
import dev.ksim.netfilter.nft.text.NftListResult;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nft [-a] [-n] list ...} typed on a node: the node's nftables ruleset as nft 1.0.6 lists it
 * ({@code ruleset}, {@code tables}, {@code table}, {@code chain}, {@code set}, {@code map}); {@code
 * -a} ({@code --handle}) adds the handles, {@code -n} ({@code --numeric}) prints numbers for names,
 * and short options combine ({@code -an}) as nft's getopt allows. The iptables tables the node's
 * iptables-nft keeps come first, as nft prints iptables-nft's rules ({@link IptablesNftTable}).
 * Commands that change the ruleset and the other options ({@code -j} ...) are not simulated.
 */
public final class NftTool {
  private NftTool() {}

  public static CommandResult run(NodeNetwork network, List<String> args) {
    boolean handles = false;
    NftOutput output = NftOutput.SYMBOLIC;
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      if (!words.isEmpty() || !arg.startsWith("-")) {
        words.add(arg);
      } else if (arg.equals("--handle")) {
        handles = true;
      } else if (arg.equals("--numeric")) {
        output = NftOutput.NUMERIC;
      } else if (arg.matches("-[an]+")) {
        handles |= arg.indexOf('a') > 0;
        output = arg.indexOf('n') > 0 ? NftOutput.NUMERIC : output;
      } else {
        throw UnsupportedCommandException.option("nft", arg, "-a, -n and list commands");
      }
    }
    if (words.isEmpty() || !words.get(0).equals("list")) {
      throw new UnsupportedCommandException(
          "ksim: nft: only `nft [-a] [-n] list ruleset|tables|table|chain|set|map ...` is simulated"
              + " on a node (kube-proxy owns its kube-proxy tables and rewrites them at its next"
              + " sync)");
    }
    NftListResult result =
        NftList.run(
            network.kernel().nftables(),
            IptablesNftTable.of(network.kernel()),
            handles,
            output,
            words);
    return new CommandResult(result.stdout(), result.stderr(), result.exitStatus());
  }
}
