package dev.ksim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cli.KsimCommandTest;
import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.KubeProxyConfigMaps;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.scenario.shell.Curl;
import dev.ksim.scenario.shell.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ksim's rules, loaded into the real kernel, must behave as ksim says: for the cluster each bundled
 * tutorial leaves and for each iptables reference case of ../shared/oracle, in iptables mode and
 * again switched to nftables mode, every Service flow (pod, node and outside clients; ClusterIP,
 * NodePort, external IPs, load-balancer addresses, hairpin) is traced by ksim and tried with real
 * connections through real network namespaces (see {@link KernelCluster}). The backends reached,
 * the source address they saw and refusals and timeouts must agree with ksim's candidates,
 * masquerade decision and verdict. Skipped, saying why, where the tools or root are missing.
 * KSIM_KERNEL_DEBUG=1 prints every flow's comparison.
 *
 * <p>The clusters are independent (each has namespaces of its own), so they run concurrently
 * (src/test/resources/junit-platform.properties says how many at once): most of a flow's wall time
 * is waiting for the kernel (connections, timeouts of dropped ones), which another cluster's flows
 * can use.
 */
@Tag("kernel")
@Timeout(600)
@Execution(ExecutionMode.CONCURRENT)
class KernelDifferentialTest {
  private static final Path SCRIPTS = Path.of("src/test/resources/kernel");
  private static final Path ORACLE = Path.of("src/test/resources/oracle/kube-proxy-iptables");

  @BeforeAll
  static void needsTheRealTools() {
    KernelCluster.assumeTools("kernel differential tests");
  }

  static Stream<String> clusters() throws IOException {
    List<String> names = new ArrayList<>();
    Bundled.all().forEach(s -> names.add("tutorial " + s.name()));
    if (Files.isDirectory(ORACLE)) {
      try (Stream<Path> cases = Files.walk(ORACLE)) {
        cases
            .filter(p -> p.getFileName().toString().equals("manifests.yaml"))
            .sorted()
            .forEach(p -> names.add("oracle " + ORACLE.relativize(p.getParent())));
      }
    }
    // KSIM_KERNEL_ONLY=TEXT runs only the clusters whose name contains TEXT (to study one)
    String only = System.getenv().getOrDefault("KSIM_KERNEL_ONLY", "");
    return names.stream().filter(n -> n.contains(only));
  }

  private static Cluster cluster(String name) throws IOException {
    if (name.startsWith("tutorial ")) {
      Scenario scenario = Bundled.named(name.substring(9)).orElseThrow();
      return ScenarioRunner.replay(scenario);
    }
    Path manifests = ORACLE.resolve(name.substring(7)).resolve("manifests.yaml");
    return Cluster.start(
        ManifestLoader.parse(manifests.toString(), Files.readString(manifests)),
        ClusterOptions.DEFAULT);
  }

  /** {@code name}'s cluster with kube-proxy switched to {@code mode} through its ConfigMap. */
  private static Cluster switched(String name, ProxyMode mode) throws IOException {
    Cluster cluster = cluster(name);
    if (!inMode(cluster, mode)) {
      KubeProxyConfigMaps.setMode(cluster, mode.token());
      cluster.restartKubeProxies();
    }
    return cluster;
  }

  private static boolean inMode(Cluster cluster, ProxyMode mode) {
    return cluster.kubeProxies().values().stream().allMatch(p -> p.configuration().mode() == mode);
  }

  /**
   * Each cluster's namespaces serve both modes: its iptables rules loaded and probed (when its
   * kube-proxy runs in iptables mode; this kernel has no IPVS), then the same cluster switched to
   * nftables mode, its ruleset loaded in place of the iptables rules with the real nft -f, listed
   * back and probed again.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clusters")
  void theKernelDoesWhatKsimTraces(String name) throws IOException {
    Cluster cluster = cluster(name);
    boolean iptables = inMode(cluster, ProxyMode.IPTABLES);
    Cluster nftables = switched(name, ProxyMode.NFTABLES);
    boolean nft = inMode(nftables, ProxyMode.NFTABLES);
    Assumptions.assumeTrue(
        iptables || nft, "kube-proxy runs neither in iptables nor in nftables mode in " + name);
    List<String> disagreements = new ArrayList<>();
    try (KernelCluster kernel =
        KernelCluster.build(
            iptables ? cluster : nftables,
            SCRIPTS,
            Integer.toString(Math.floorMod(name.hashCode(), 1000)))) {
      if (iptables) {
        disagreements.addAll(compare(name + " (iptables)", cluster, kernel));
      }
      if (nft) {
        disagreements.addAll(kernel.loadNftables(nftables));
        disagreements.addAll(compare(name + " (nftables)", nftables, kernel));
      } else {
        KsimCommandTest.report(
            "kernel differential " + name + ": kube-proxy cannot run nftables mode");
      }
      KsimCommandTest.report("kernel differential " + name + ": " + kernel.timings());
    }
    assertThat(disagreements).as(name).isEmpty();
  }

  /** Every flow of {@code cluster} traced by ksim and tried in the kernel; the disagreements. */
  private static List<String> compare(String name, Cluster cluster, KernelCluster kernel)
      throws IOException {
    List<String> disagreements = new ArrayList<>();
    int flows = 0;
    Differential differential = new Differential(cluster, kernel);
    ClusterDatapath datapath = cluster.datapath(Recording.NONE);
    for (Differential.Flow flow : differential.flows()) {
      Differential.Outcome outcome = differential.compare(flow, datapath);
      flows++;
      if (System.getenv("KSIM_KERNEL_DEBUG") != null) {
        KsimCommandTest.report(
            name
                + " | "
                + flow.name()
                + " | "
                + outcome.trace().verdict()
                + " "
                + outcome.trace().candidates()
                + " masq="
                + outcome.trace().masqueraded()
                + " | "
                + outcome.attempts());
      }
      for (String d : outcome.disagreements()) {
        disagreements.add(
            name
                + ": "
                + flow.name()
                + ": "
                + d
                + "\n    kernel: "
                + outcome.attempts()
                + "\n    rules its packets hit:\n      "
                + String.join("\n      ", outcome.kernelRules()));
      }
    }
    KsimCommandTest.report(
        "kernel differential "
            + name
            + ": "
            + flows
            + " flows, "
            + disagreements.size()
            + " disagreements");
    return disagreements;
  }

  /**
   * The same three connections (a node's process to a Service with one ready pod) leave the same
   * connection tracking in ksim and in the kernel, up to ports and timers: state, both tuples'
   * addresses, the Service port and the pod's port, the masquerade address, the flags.
   */
  @org.junit.jupiter.api.Test
  void conntrackListsTheSameConnections() throws IOException {
    Cluster cluster = ScenarioRunner.replay(Bundled.named("readiness").orElseThrow());
    String vip = "10.96.50.5";
    IpPort target = new IpPort(IpAddress.parse(vip), 80);
    cluster.datapath(Recording.NONE).resetState();
    Curl.requests(
        cluster, "node/k8s-node01", null, target, 3, Client.DEFAULT_INTERVAL, Curl.Tracing.NONE);
    String ours =
        NodeTools.conntrack(cluster.nodeNetworks().get("k8s-node01"), List.of("-L", "-d", vip))
            .stdout();
    String theirs;
    try (KernelCluster kernel = KernelCluster.build(cluster, SCRIPTS, "ct")) {
      String node = kernel.node("k8s-node01");
      kernel.run(node, "conntrack", "-F");
      List<String> attempts = kernel.probe(node, vip, 80, "tcp", 3, 2.0);
      assertThat(attempts).allMatch(a -> a.startsWith("ok "));
      theirs = kernel.run(node, "conntrack", "-L", "-d", vip);
    }

    assertThat(normalised(theirs)).isEqualTo(normalised(ours)).hasSize(3);
  }

  /** conntrack -L lines without ports other than the Service's and the pod's, timers and ids. */
  private static List<String> normalised(String conntrack) {
    return conntrack
        .lines()
        .filter(l -> l.startsWith("tcp") || l.startsWith("udp"))
        .map(
            l ->
                l.replaceFirst("^(\\w+) +(\\d+) +\\d+ ", "$1 $2 ")
                    .replaceAll("sport=(?!80 )\\d+", "sport=*")
                    .replaceAll("dport=(?!80 )\\d+", "dport=*")
                    .replaceAll(" (mark|use|id)=\\d+", ""))
        .sorted()
        .toList();
  }
}
