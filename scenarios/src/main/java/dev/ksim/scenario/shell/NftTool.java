package dev.ksim.scenario.shell;

import dev.ksim.netfilter.nft.text.NftList;
import dev.ksim.netfilter.nft.text.NftListResult;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nft [-a] list ...} typed on a node: the node's nftables ruleset as nft 1.0.6 lists it
 * ({@code ruleset}, {@code tables}, {@code table}, {@code chain}, {@code set}, {@code map}). The
 * iptables tables that an nf_tables-backed iptables keeps are not printed as nft would print them;
 * {@code iptables-save} shows them. Commands that change the ruleset and the options that change
 * the listing's form ({@code -n}, {@code -j}) are not simulated.
 */
public final class NftTool {
  private NftTool() {}

  public static CommandResult run(NodeNetwork network, List<String> args) {
    boolean handles = false;
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("-a") || arg.equals("--handle")) {
        handles = true;
      } else if (arg.startsWith("-") && words.isEmpty()) {
        throw UnsupportedCommandException.option("nft", arg, "-a and list commands");
      } else {
        words.add(arg);
      }
    }
    if (words.isEmpty() || !words.get(0).equals("list")) {
      throw new UnsupportedCommandException(
          "ksim: nft: only `nft [-a] list ruleset|tables|table|chain|set|map ...` is simulated"
              + " on a node (kube-proxy owns its kube-proxy tables and rewrites them at its next"
              + " sync)");
    }
    NftListResult result = NftList.run(network.kernel().nftables(), handles, words);
    return new CommandResult(result.stdout(), result.stderr(), result.exitStatus());
  }
}
