package dev.ksim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.client.Origins;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Source;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.node.EphemeralPorts;
import dev.ksim.trace.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kube-proxy's ruleset for thousands of Services, loaded into the real kernel: the real
 * iptables-nft-restore takes it (each node's rules in one restore, as kube-proxy writes them), the
 * first and the last Service answer, and the report line gives the real kernel's connect latency to
 * each beside ksim's counted cost (rules evaluated by the first packet). No time is asserted: these
 * machines are shared.
 */
@Tag("kernel")
@Timeout(600)
class KernelScaleTest {
  /** -Dksim.kernel.services=N measures another size (the closing notes quote 2,000 and 10,000). */
  private static final int SERVICES = Integer.getInteger("ksim.kernel.services", 2000);

  private static final int CONNECTS = 200;

  @BeforeAll
  static void needsTheRealTools() {
    KernelCluster.assumeTools("kernel scale test");
  }

  private static String manifests() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
            """);
    for (int i = 0; i < SERVICES; i++) {
      yaml.append(
          String.format(
              Locale.ROOT,
              "---%napiVersion: v1%nkind: Service%nmetadata: {name: svc-%05d}%n"
                  + "spec: {clusterIP: 10.96.%d.%d, selector: {app: web}, ports: [{port: 80}]}%n",
              i,
              100 + i / 250,
              i % 250 + 1));
    }
    return yaml.toString();
  }

  @Test
  void theKernelTakesThousandsOfServicesAndTheLastCostsMore() throws IOException {
    Cluster cluster =
        Cluster.start(ManifestLoader.parse("scale.yaml", manifests()), ClusterOptions.DEFAULT);
    String first = "10.96.100.1";
    String last = "10.96." + (100 + (SERVICES - 1) / 250) + "." + ((SERVICES - 1) % 250 + 1);
    try (KernelCluster kernel =
        KernelCluster.build(cluster, Path.of("src/test/resources/kernel"), "sc")) {
      long firstRules = rules(cluster, kernel, first);
      long lastRules = rules(cluster, kernel, last);
      String node = kernel.node(kernel.clientPodNode());
      kernel.run(node, "conntrack", "-F");
      String firstUs = kernel.latency(kernel.clientPod(), first, 80, CONNECTS);
      kernel.run(node, "conntrack", "-F");
      String lastUs = kernel.latency(kernel.clientPod(), last, 80, CONNECTS);
      System.out.println(
          "kernel scale: "
              + SERVICES
              + " Services; first Service: kernel median connect "
              + firstUs
              + " us, ksim "
              + firstRules
              + " rules evaluated; last Service: kernel "
              + lastUs
              + " us, ksim "
              + lastRules
              + " rules evaluated");
      assertThat(firstUs).isNotEqualTo("none");
      assertThat(lastUs).isNotEqualTo("none");
      // the last Service's rule is one KUBE-SERVICES rule per Service further down
      assertThat(lastRules).isGreaterThanOrEqualTo(firstRules + SERVICES - 1);
    }
  }

  /** Rules the client pod's node evaluates for a first packet to {@code vip}:80, in ksim. */
  private static long rules(Cluster cluster, KernelCluster kernel, String vip) {
    ClusterDatapath datapath = cluster.datapath(Recording.NONE);
    datapath.resetState();
    IpPort to = new IpPort(IpAddress.parse(vip), 80);
    Source source = new Origins(cluster).resolve(kernel.clientPodAddress(), null, to.ip(), "from");
    CostCounter cost = cluster.nodeNetworks().get(kernel.clientPodNode()).kernel().cost();
    long before = cost.snapshot().rulesEvaluated();
    var trace =
        datapath.trace(
            source.origin(),
            Packet.first(
                Protocol.TCP,
                new IpPort(source.address(), EphemeralPorts.bindUdp(cluster.random()::nextInt)),
                to));
    assertThat(trace.verdict()).isEqualTo(Verdict.DELIVERED);
    return cost.snapshot().rulesEvaluated() - before;
  }
}
