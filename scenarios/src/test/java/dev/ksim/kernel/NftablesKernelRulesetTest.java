package dev.ksim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.kernel.Namespace;
import dev.ksim.netfilter.nft.text.NftListWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.ScenarioRunner;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * nftables mode against the real kernel: after the nftables-mode tutorial, each node's {@code nft
 * list ruleset} loads with the real {@code nft -f} into a throwaway network namespace (one per
 * node, deleted afterwards), and the kernel's {@code nft list ruleset} is ksim's, byte for byte
 * except for the order of a hashed set's elements ({@link NftListings#elementsInOrder}).
 */
@Tag("kernel")
@Timeout(120)
class NftablesKernelRulesetTest {
  @Test
  void everyNodesKubeProxyTableLoadsAndListsBackAsKsimPrintsIt() throws IOException {
    KernelCluster.assumeTools("nftables kernel ruleset test");
    org.junit.jupiter.api.Assumptions.assumeTrue(Namespace.available("nft"), "no nft");
    Cluster cluster = ScenarioRunner.replay(Bundled.named("nftables-mode").orElseThrow());

    for (Map.Entry<String, NodeNetwork> node : cluster.nodeNetworks().entrySet()) {
      String ksim = new NftListWriter(false).ruleset(node.getValue().kernel().nftables());
      try (Namespace ns = Namespace.create("ksim-nftk")) {
        Namespace.Result load = ns.exec(ksim, "nft", "-f", "-");
        assertThat(load.exit()).as(node.getKey() + ": nft -f: " + load.err()).isZero();

        Namespace.Result listed = ns.exec("", "nft", "list", "ruleset");

        assertThat(NftListings.elementsInOrder(listed.out()))
            .as(node.getKey())
            .isEqualTo(NftListings.elementsInOrder(ksim));
      }
    }
  }
}
