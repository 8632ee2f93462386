package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.cluster.Cluster;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.view.CommandResult;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code nft} typed on a node in nftables mode: {@code -a} and {@code -n} alone, together and
 * combined as nft's getopt takes them (the listings themselves are checked against the real nft
 * 1.0.6 in netfilter-model's RealNftGoldenTest and by the kernel differential).
 */
@Timeout(120)
class NftToolTest {
  private static NodeNetwork node;

  @BeforeAll
  static void nftablesMode() {
    Cluster cluster = ScenarioRunner.replay(Bundled.named("nftables-mode").orElseThrow());
    node = cluster.nodeNetworks().get("k8s-node01");
  }

  private static CommandResult nft(String line) {
    return NftTool.run(node, Arrays.asList(line.split(" ")));
  }

  @Test
  void numericOutputPrintsPrioritiesProtocolsAndConntrackBitsAsNumbers() {
    String named = nft("list table ip kube-proxy").stdout();
    String numeric = nft("-n list table ip kube-proxy").stdout();

    assertThat(named)
        .contains("type nat hook prerouting priority dstnat; policy accept;")
        .contains("ct state new");
    assertThat(numeric)
        .contains("type nat hook prerouting priority -100; policy accept;")
        .contains("ct state 0x8")
        .doesNotContain(" tcp . ")
        .isEqualTo(nft("--numeric list table ip kube-proxy").stdout());
  }

  @Test
  void handlesAndNumbersCombineInAnyOrder() {
    String both = nft("-a -n list chain ip kube-proxy nat-prerouting").stdout();

    assertThat(both).contains("priority -100").contains("# handle ");
    assertThat(nft("-n -a list chain ip kube-proxy nat-prerouting").stdout()).isEqualTo(both);
    assertThat(nft("-an list chain ip kube-proxy nat-prerouting").stdout()).isEqualTo(both);
    assertThat(nft("--handle --numeric list chain ip kube-proxy nat-prerouting").stdout())
        .isEqualTo(both);
  }

  @Test
  void otherOptionsAreNotSimulated() {
    assertThatThrownBy(() -> nft("-j list ruleset"))
        .isInstanceOf(UnsupportedCommandException.class)
        .hasMessageContaining("-a, -n and list commands");
  }
}
