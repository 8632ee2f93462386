package dev.ksim.bench;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Origin;
import dev.ksim.manifest.Manifests;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.proxy.Proxier;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.scaling.CpuTime;
import dev.ksim.scaling.HeapUse;
import dev.ksim.scaling.ServiceWorkload;
import dev.ksim.trace.Trace;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A kube-proxy mode at scale, as one line: {@link ServiceWorkload}'s cluster (the default
 * three-node cluster with {@code services} selector-less ClusterIP Services, each with a hand-made
 * EndpointSlice of {@code endpoints} ready endpoints), the workload {@code ksim bench} sweeps.
 * Prints the time to build the workload's objects (the stand-in for reading their YAML, which is
 * the client's work, not the cluster's) and then the time to settle: from handing those objects to
 * {@link Cluster#start} until the cluster is quiet, every node's first full sync included. Then
 * what one node holds in the mode's own objects ({@link Programmed}), the heap, the time of the
 * sync after one endpoint of one Service goes away, and the time to trace a first packet to the
 * first, middle and last Service, and one node's full and partial sync alone. The traces end
 * UNREACHABLE: the workload's endpoints are addresses no pod holds, so the DNATed packet finds no
 * neighbour on the bridge; what is timed is the first packet's walk through the mode's rules up to
 * there. Settle, resync and traces are also given in CPU time of the simulating thread, which a
 * machine shared with other builds disturbs far less than wall time. {@code heap-per-rule} is the
 * settled heap (everything: API objects too) over the objects all nodes hold, an upper bound on one
 * object's cost. Usage: {@code java -cp benchmarks.jar dev.ksim.bench.KubeProxyReport [services]
 * [endpoints] [iptables|ipvs|nftables]}.
 */
public final class KubeProxyReport {
  private static final String NODE = "k8s-node01";

  /** How many times each of one node's syncs is timed. */
  private static final int SYNC_RUNS = 7;

  private KubeProxyReport() {}

  /**
   * The workload's cluster once quiet, and what building its objects and then settling the cluster
   * on them took (seconds, wall and CPU of this thread). The objects are not kept: the settled heap
   * is the cluster's alone.
   */
  private record Started(
      Cluster cluster, double build, double buildCpu, double settle, double settleCpu) {
    static Started of(ServiceWorkload workload) {
      long start = System.nanoTime();
      long cpuStart = CpuTime.ofThisThread();
      Manifests manifests = workload.manifests();
      long built = System.nanoTime();
      long builtCpu = CpuTime.ofThisThread();
      Cluster cluster = Cluster.start(manifests, ClusterOptions.DEFAULT);
      return new Started(
          cluster,
          (built - start) / 1e9,
          (builtCpu - cpuStart) / 1e9,
          (System.nanoTime() - built) / 1e9,
          (CpuTime.ofThisThread() - builtCpu) / 1e9);
    }
  }

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String mode = args.length > 2 ? args[2] : ProxyMode.IPTABLES.token();
    ServiceWorkload workload = new ServiceWorkload(services, endpoints, mode);
    HeapUse.resetPeak();
    Started started = Started.of(workload);
    Cluster cluster = started.cluster();
    KubeProxy proxy = Objects.requireNonNull(cluster.kubeProxies().get(NODE));
    Programmed programmed = Programmed.on(node(cluster, NODE), proxy.configuration().mode());
    long allObjects =
        cluster.nodeNetworks().values().stream()
            .mapToLong(n -> Programmed.on(n, proxy.configuration().mode()).objects())
            .sum();
    long syncs = proxy.syncs();
    long peak = HeapUse.peakMib();
    long settled = HeapUse.settledMib();

    String middle = ServiceWorkload.name(services / 2);
    cluster
        .store()
        .modify(
            ResourceType.ENDPOINT_SLICE,
            "default",
            middle,
            (EndpointSlice s) -> s.getEndpoints().remove(0));
    long start = System.nanoTime();
    long cpuStart = CpuTime.ofThisThread();
    cluster.runUntilQuiet();
    double resync = (System.nanoTime() - start) / 1e9;
    double resyncCpu = (CpuTime.ofThisThread() - cpuStart) / 1e9;

    String nodeSyncs = nodeSyncs(cluster, proxy, middle);

    ClusterDatapath datapath = cluster.datapath(Recording.NONE);
    StringBuilder traces = new StringBuilder();
    for (int index : List.of(0, services / 2, services - 1)) {
      long t = System.nanoTime();
      long cpu = CpuTime.ofThisThread();
      Trace trace = trace(datapath, index);
      traces.append(
          String.format(
              " trace[%d]=%.1fms(cpu %.1fms %s)",
              index,
              (System.nanoTime() - t) / 1e6,
              (CpuTime.ofThisThread() - cpu) / 1e6,
              trace.verdict()));
    }
    traces.append(warmTraces(datapath, services));
    System.out.printf(
        "services=%d endpoints=%d mode=%s manifests=%.1fs(cpu %.1fs) settle=%.1fs(cpu %.1fs)"
            + " syncs(%s)=%d %s(%s)"
            + " heap-settled=%dMiB heap-per-rule=%dB heap-peak=%dMiB"
            + " resync-one-endpoint=%.3fs(cpu %.3fs)"
            + " rules-written-by-resync=%d%s%s%n",
        services,
        endpoints,
        mode,
        started.build(),
        started.buildCpu(),
        started.settle(),
        started.settleCpu(),
        NODE,
        syncs,
        programmed.text(),
        NODE,
        settled,
        (settled << 20) / Math.max(1, allObjects),
        peak,
        resync,
        resyncCpu,
        proxy.lastRuleCount(),
        nodeSyncs,
        traces);
  }

  /**
   * The same three traces once the JIT has compiled their paths: {@value #WARM_UP_ROUNDS} rounds
   * untimed, then the mean CPU time of the simulating thread over {@value #TIMED_ROUNDS} more.
   */
  private static String warmTraces(ClusterDatapath datapath, int services) {
    List<Integer> indexes = List.of(0, services / 2, services - 1);
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (int index : indexes) {
        trace(datapath, index);
      }
    }
    StringBuilder text = new StringBuilder(" warm-traces(cpu, mean of " + TIMED_ROUNDS + ")=");
    for (int index : indexes) {
      long cpu = CpuTime.ofThisThread();
      for (int round = 0; round < TIMED_ROUNDS; round++) {
        trace(datapath, index);
      }
      text.append(
          String.format(
              "%s%.3fms",
              index == 0 ? "" : "/", (CpuTime.ofThisThread() - cpu) / 1e6 / TIMED_ROUNDS));
    }
    return text.toString();
  }

  private static final int WARM_UP_ROUNDS = 300;

  private static final int TIMED_ROUNDS = 200;

  /**
   * A node process's first packet to Service {@code index}, after every connection is forgotten.
   */
  private static Trace trace(ClusterDatapath datapath, int index) {
    datapath.resetState();
    Packet packet =
        Packet.first(
            Protocol.TCP,
            new IpPort(IpAddress.parse("192.168.80.101"), 40000),
            new IpPort(ServiceWorkload.clusterIp(index), 80));
    return datapath.trace(new Origin.NodeProcess(NODE), packet);
  }

  /**
   * One node's syncs alone, in CPU time of this thread (median and fastest of {@link #SYNC_RUNS}):
   * a full sync, and the partial sync after one endpoint of the {@code middle} Service goes or
   * comes back (fed to the node's proxier as its watch would feed it).
   */
  private static String nodeSyncs(Cluster cluster, KubeProxy proxy, String middle) {
    Proxier proxier = proxy.proxier(IpFamily.IPV4);
    Netfilter kernel = node(cluster, NODE).kernel();
    EndpointSlice whole =
        cluster
            .store()
            .<EndpointSlice>get(ResourceType.ENDPOINT_SLICE, "default", middle)
            .orElseThrow();
    EndpointSlice lessOne = new EndpointSliceBuilder(whole).build();
    lessOne.getEndpoints().remove(0);
    long[] full = new long[SYNC_RUNS];
    long[] partial = new long[SYNC_RUNS];
    for (int run = 0; run < SYNC_RUNS; run++) {
      long cpu = CpuTime.ofThisThread();
      proxier.syncProxyRules(kernel, true);
      full[run] = CpuTime.ofThisThread() - cpu;
      proxier.endpointsChanges().endpointSliceUpdate(run % 2 == 0 ? lessOne : whole, false);
      cpu = CpuTime.ofThisThread();
      proxier.syncProxyRules(kernel, false);
      partial[run] = CpuTime.ofThisThread() - cpu;
    }
    proxier.endpointsChanges().endpointSliceUpdate(whole, false);
    proxier.syncProxyRules(kernel, false);
    return String.format(
        " node-full-sync=cpu %.0fms(min %.0fms) node-partial-sync=cpu %.1fms(min %.1fms)",
        CpuMedian.of(full) / 1e6,
        Arrays.stream(full).min().orElseThrow() / 1e6,
        CpuMedian.of(partial) / 1e6,
        Arrays.stream(partial).min().orElseThrow() / 1e6);
  }

  private static NodeNetwork node(Cluster cluster, String name) {
    return Objects.requireNonNull(cluster.nodeNetworks().get(name));
  }
}
