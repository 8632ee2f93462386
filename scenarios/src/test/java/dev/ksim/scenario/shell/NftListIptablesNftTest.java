package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.kernel.NftListings;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.text.NftListWriter;
import dev.ksim.netfilter.text.IpsetWriter;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.view.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nft list ruleset} on a node of a tutorial's cluster, in iptables, ipvs and nftables mode,
 * against what the real nft 1.0.6 printed after the real iptables-nft-restore (with {@code -c}, so
 * the counters are ksim's), ipset restore and nft -f loaded the same node's rules into a throwaway
 * namespace (src/test/resources/golden/nft-list-iptables-nft/README.md says how; record.sh does
 * it). kube-proxy's own table in nftables mode is compared up to the order of its hashed sets'
 * elements (the kernel walks its hash table, ksim sorts; see {@link NftListings}), everything else
 * byte for byte. The inputs are checked too: when ksim's rules change, the golden must be recorded
 * again (the test then leaves what ksim wrote under target/nft-list-iptables-nft/ for record.sh).
 */
@Timeout(120)
class NftListIptablesNftTest {
  private static final Path DIR = Path.of("src/test/resources/golden/nft-list-iptables-nft");
  private static final Path OUT = Path.of("target/nft-list-iptables-nft");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "iptables, clusterip, k8s-node01",
    "ipvs, ipvs-clusterip, k8s-node01",
    "nftables, nftables-mode, k8s-node01"
  })
  void listRulesetPrintsTheIptablesTablesBesideKubeProxys(String mode, String tutorial, String node)
      throws IOException {
    Cluster cluster = ScenarioRunner.replay(Bundled.named(tutorial).orElseThrow());
    NodeNetwork network = cluster.nodeNetworks().get(node);
    Netfilter kernel = network.kernel();
    Map<String, String> inputs =
        Map.of(
            ".v4",
            IptablesSaveWriter.save(
                kernel.ruleset(IpFamily.IPV4), null, kernel.counters(IpFamily.IPV4), false),
            ".v6",
            IptablesSaveWriter.save(
                kernel.ruleset(IpFamily.IPV6), null, kernel.counters(IpFamily.IPV6), true),
            ".ipset",
            IpsetWriter.save(kernel.ipsets().values()),
            ".nft",
            new NftListWriter(false).ruleset(kernel.nftables()));
    Files.createDirectories(OUT);
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      Files.writeString(OUT.resolve(mode + input.getKey()), input.getValue());
    }

    CommandResult listed = NftTool.run(network, List.of("list", "ruleset"));

    for (Map.Entry<String, String> input : inputs.entrySet()) {
      assertThat(input.getValue()).as(mode + input.getKey()).isEqualTo(read(mode + input.getKey()));
    }
    if (kernel.nftables().tables().isEmpty()) {
      assertThat(listed.stdout()).isEqualTo(read(mode + ".list"));
    } else {
      assertThat(NftListings.elementsInOrder(listed.stdout()))
          .isEqualTo(NftListings.elementsInOrder(read(mode + ".list")));
    }
    assertThat(listed.stderr()).isEqualTo(read(mode + ".stderr"));
  }

  private static String read(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }
}
