package dev.ksim.modes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.KubeProxyConfigMaps;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-proxy's three modes agree: for the cluster each bundled tutorial leaves, and for a mixed
 * cluster with every Service shape (src/test/resources/modes/mixed-cluster.yaml), every flow of
 * {@link ModeFlows} is traced in iptables, ipvs and nftables mode, switched as a user switches them
 * (the kube-proxy ConfigMap's mode, then the kube-proxy pods deleted). The verdict class, the set
 * of endpoints and the source address the backend sees must be the same in the three modes, except
 * where {@link ExpectedDifference#ALL} lists a difference upstream documents. The cluster goes
 * through nftables mode between the others, because starting in nftables mode is what removes
 * iptables and ipvs leftovers (upstream's platformCleanup), so each mode is probed on a clean node.
 */
@Timeout(600)
class ModesAgreeTest {
  private static final Path MIXED = Path.of("src/test/resources/modes/mixed-cluster.yaml");

  static Stream<String> tutorials() {
    return Bundled.all().stream().map(s -> s.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tutorials")
  void theModesAgreeOnATutorialsCluster(String tutorial) {
    Cluster cluster = ScenarioRunner.replay(Bundled.named(tutorial).orElseThrow());
    assertThat(disagreements(cluster, new TreeSet<>())).as(tutorial).isEmpty();
  }

  @Test
  void theModesAgreeOnTheMixedClusterAndDifferOnlyWhereUpstreamSaysSo() throws IOException {
    Cluster cluster =
        Cluster.start(
            ManifestLoader.parse(MIXED.toString(), Files.readString(MIXED)),
            ClusterOptions.DEFAULT);
    TreeSet<String> explained = new TreeSet<>();

    List<String> disagreements = disagreements(cluster, explained);

    assertThat(disagreements).isEmpty();
    // every listed difference shows up in the mixed cluster: the list cannot go stale unnoticed
    assertThat(explained)
        .containsExactlyInAnyOrderElementsOf(
            ExpectedDifference.ALL.stream().map(d -> d.mode() + ": " + d.what()).toList());
  }

  /**
   * Probes every flow in the three modes; returns the unlisted differences from iptables mode and
   * adds the listed ones that occurred to {@code explained}.
   */
  private static List<String> disagreements(Cluster cluster, Set<String> explained) {
    List<ModeFlow> flows = ModeFlows.of(cluster);
    assertThat(flows).isNotEmpty();
    Map<ProxyMode, List<ModeOutcome>> outcomes = new EnumMap<>(ProxyMode.class);
    for (ProxyMode mode :
        List.of(ProxyMode.NFTABLES, ProxyMode.IPVS, ProxyMode.NFTABLES, ProxyMode.IPTABLES)) {
      switchTo(cluster, mode);
      ClusterDatapath datapath = cluster.datapath(Recording.MATCHED);
      outcomes.computeIfAbsent(
          mode, m -> flows.stream().map(f -> ModeOutcome.of(cluster, datapath, f)).toList());
    }
    List<String> out = new ArrayList<>();
    List<ModeOutcome> reference = outcomes.get(ProxyMode.IPTABLES);
    for (ProxyMode mode : List.of(ProxyMode.IPVS, ProxyMode.NFTABLES)) {
      List<ModeOutcome> theirs = outcomes.get(mode);
      for (int i = 0; i < flows.size(); i++) {
        List<String> differences = reference.get(i).differences(theirs.get(i));
        if (differences.isEmpty()) {
          continue;
        }
        Optional<ExpectedDifference> listed =
            ExpectedDifference.explaining(mode, flows.get(i), theirs.get(i));
        if (listed.isPresent()) {
          explained.add(mode + ": " + listed.get().what());
        } else {
          out.add(
              flows.get(i).name()
                  + ": iptables "
                  + reference.get(i)
                  + ", "
                  + mode.token()
                  + " "
                  + theirs.get(i)
                  + " "
                  + differences);
        }
      }
    }
    return out;
  }

  /**
   * Sets the kube-proxy ConfigMap's mode and restarts kube-proxy as {@code kubectl delete pod -l
   * k8s-app=kube-proxy} does; every node's new kube-proxy must run in that mode.
   */
  private static void switchTo(Cluster cluster, ProxyMode mode) {
    KubeProxyConfigMaps.setMode(cluster, mode.token());
    cluster.restartKubeProxies();
    assertThat(cluster.kubeProxies().keySet()).isEqualTo(cluster.nodeNetworks().keySet());
    assertThat(cluster.kubeProxies().values())
        .allSatisfy(p -> assertThat(p.configuration().mode()).isEqualTo(mode));
  }
}
