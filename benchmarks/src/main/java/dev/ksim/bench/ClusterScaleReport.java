package dev.ksim.bench;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.scaling.ControlPlaneWorkload;
import dev.ksim.scaling.CpuTime;
import dev.ksim.scaling.HeapUse;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A many-node cluster with its data plane, as one line: {@link ControlPlaneWorkload}'s {@code
 * nodes} Nodes and {@code services} Deployments of {@code replicas} ready pods behind ClusterIP
 * Services, with kube-proxy (in {@code mode}) on every node. Prints the time to quiet (wall and CPU
 * of the simulating thread), the heap settled and at its peak, the rules each node holds (fewest,
 * most, all nodes together) and what a rule costs: the settled heap less that of the same workload
 * without the data plane (run first, in the same process), over the rules all nodes hold, an upper
 * bound, since kube-proxy's own state, CoreDNS and the node networks are in it too. Then the
 * Deployment of the middle Service loses one replica, and the time the cluster takes to quiet again
 * (every node's partial sync) is printed, with the rules the first node's sync wrote. Usage: {@code
 * java -cp benchmarks.jar dev.ksim.bench.ClusterScaleReport [nodes] [services] [replicas]
 * [iptables|ipvs|nftables]}; with {@code -Dhistogram=N}, the N classes holding most of the heap at
 * settle are printed too (the JVM's class histogram, as {@code jcmd PID GC.class_histogram}).
 */
public final class ClusterScaleReport {
  private ClusterScaleReport() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int services = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String mode = args.length > 3 ? args[3] : ProxyMode.IPTABLES.token();
    Manifests manifests = ControlPlaneWorkload.manifests(nodes, services, replicas, mode);

    long controlPlane = controlPlaneHeap(manifests);
    HeapUse.resetPeak();
    long start = System.nanoTime();
    long cpuStart = CpuTime.ofThisThread();
    Cluster cluster = Cluster.start(manifests, ClusterOptions.DEFAULT);
    double settle = (System.nanoTime() - start) / 1e9;
    double settleCpu = (CpuTime.ofThisThread() - cpuStart) / 1e9;
    long peak = HeapUse.peakMib();
    long settled = HeapUse.settledBytes();
    printHistogram(Integer.getInteger("histogram", 0));
    Map<String, KubeProxy> proxies = cluster.kubeProxies();
    ProxyMode proxyMode =
        Arrays.stream(ProxyMode.values())
            .filter(m -> m.token().equals(mode))
            .findFirst()
            .orElseThrow();
    LongSummaryStatistics rules =
        cluster.nodeNetworks().values().stream()
            .mapToLong(n -> Programmed.on(n, proxyMode).objects())
            .summaryStatistics();

    String middle = String.format("app-%05d", services / 2);
    cluster
        .store()
        .modify(
            ResourceType.DEPLOYMENT,
            "default",
            middle,
            (Deployment d) -> d.getSpec().setReplicas(replicas - 1));
    start = System.nanoTime();
    cpuStart = CpuTime.ofThisThread();
    cluster.runUntilQuiet();
    double resync = (System.nanoTime() - start) / 1e9;
    double resyncCpu = (CpuTime.ofThisThread() - cpuStart) / 1e9;
    KubeProxy first = Objects.requireNonNull(proxies.get(cluster.firstNode()));

    System.out.printf(
        "nodes=%d services=%d replicas=%d mode=%s kube-proxies=%d settle=%.1fs(cpu %.1fs)"
            + " events=%d heap-settled=%dMiB heap-peak=%dMiB heap-control-plane=%dMiB"
            + " rules-per-node=%d..%d rules-all-nodes=%d bytes-per-rule=%d"
            + " resync-one-endpoint=%.2fs(cpu %.2fs) rules-written-by-resync=%d%n",
        nodes,
        services,
        replicas,
        mode,
        proxies.size(),
        settle,
        settleCpu,
        cluster.loop().processedEvents(),
        settled >> 20,
        peak,
        controlPlane >> 20,
        rules.getMin(),
        rules.getMax(),
        rules.getSum(),
        (settled - controlPlane) / Math.max(1, rules.getSum()),
        resync,
        resyncCpu,
        first.lastRuleCount());
  }

  /** The first {@code classes} lines of the JVM's class histogram (live objects), if any. */
  private static void printHistogram(int classes) {
    if (classes <= 0) {
      return;
    }
    try {
      Object histogram =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      String[] lines = String.valueOf(histogram).split("\n");
      for (int i = 0; i < Math.min(lines.length, classes + 2); i++) {
        System.out.println(lines[i]);
      }
    } catch (JMException e) {
      throw new IllegalStateException("no class histogram from this JVM", e);
    }
  }

  /** The settled heap of the same workload without node kernels and kube-proxies, in bytes. */
  private static long controlPlaneHeap(Manifests manifests) {
    Cluster cluster = Cluster.start(manifests, ClusterOptions.DEFAULT.withoutDataPlane());
    try {
      return HeapUse.settledBytes();
    } finally {
      Reference.reachabilityFence(cluster);
    }
  }
}
