package dev.ksim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.kernel.Namespace;
import dev.ksim.netfilter.nft.text.NftListWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.ScenarioRunner;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * nftables mode against the real kernel: after the nftables-mode tutorial, each node's {@code nft
 * list ruleset} loads with the real {@code nft -f} into a throwaway network namespace (one per
 * node, deleted afterwards), and the kernel's {@code nft list ruleset} is ksim's, byte for byte
 * except for the order of a hashed set's elements: the kernel walks its hash table (seeded at
 * random when the set is created) where ksim sorts, so both sides' elements are sorted here.
 */
@Tag("kernel")
@Timeout(120)
class NftablesKernelRulesetTest {
  /** The listing with each {@code elements = { ... }} joined onto one line and sorted. */
  private static String elementsInOrder(String listing) {
    StringBuilder out = new StringBuilder();
    StringBuilder elements = null;
    for (String line : listing.split("\n", -1)) {
      if (elements == null && line.strip().startsWith("elements = { ")) {
        elements = new StringBuilder(line.strip().substring("elements = { ".length()));
      } else if (elements != null) {
        elements.append(' ').append(line.strip());
      } else {
        out.append(line).append('\n');
        continue;
      }
      if (elements.toString().endsWith(" }")) {
        String items = elements.substring(0, elements.length() - 2);
        out.append("elements ")
            .append(Arrays.stream(items.split(", ")).sorted().toList())
            .append('\n');
        elements = null;
      }
    }
    return out.toString();
  }

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

        assertThat(elementsInOrder(listed.out()))
            .as(node.getKey())
            .isEqualTo(elementsInOrder(ksim));
      }
    }
  }
}
