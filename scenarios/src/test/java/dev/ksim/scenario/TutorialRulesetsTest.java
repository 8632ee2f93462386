package dev.ksim.scenario;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.testing.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole rulesets as kube-proxy leaves them: for every bundled tutorial, replayed to its end, the
 * iptables-save of each node, compared byte for byte with {@code
 * golden/rulesets/<tutorial>.<node>.iptables-save.txt}. The goldens are restored into and saved
 * back from the real iptables-nft by {@code KubeProxyKernelTest}.
 */
@Timeout(300)
class TutorialRulesetsTest {
  static List<String> tutorials() {
    return Bundled.all().stream().map(Scenario::name).toList();
  }

  /** The golden file's name for one node of one tutorial. */
  static String goldenName(String tutorial, String node) {
    return "rulesets/" + tutorial + "." + node + ".iptables-save.txt";
  }

  @ParameterizedTest
  @MethodSource("tutorials")
  void everyNodeOfATutorialHoldsTheRulesetOfItsGolden(String name) {
    Scenario scenario = Bundled.named(name).orElseThrow();
    Cluster cluster = ScenarioRunner.replay(scenario);

    for (Map.Entry<String, NodeNetwork> node : cluster.nodeNetworks().entrySet()) {
      String header =
          "# "
              + name
              + " on "
              + node.getKey()
              + ": iptables-save (iptables-nft v1.8.9 format) after the tutorial's last step\n";
      Golden.assertMatches(
          goldenName(name, node.getKey()),
          header
              + IptablesSaveWriter.save(
                  node.getValue().kernel().ruleset(IpFamily.IPV4), null, null, false));
    }
  }
}
