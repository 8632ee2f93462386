package dev.ksim.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.scaling.ControlPlaneWorkload;
import dev.ksim.scaling.CpuTime;
import dev.ksim.scaling.HeapUse;
import java.lang.management.ManagementFactory;

/**
 * One measured run of the control-plane scale test, printed as a line of the scaling report: wall
 * time to settle, the CPU time of the settling thread and of the whole process (garbage collector
 * and compiler included; on a shared machine both are steadier than wall time), events processed,
 * objects stored, and the heap in use once settled (after a full GC) and at its peak. Usage: {@code
 * java -cp benchmarks.jar dev.ksim.bench.ControlPlaneReport [services] [replicas] [nodes]}.
 */
public final class ControlPlaneReport {
  private ControlPlaneReport() {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Manifests manifests = ControlPlaneWorkload.manifests(nodes, services, replicas);
    HeapUse.resetPeak();
    long start = System.nanoTime();
    long cpuStart = CpuTime.ofThisThread();
    long processCpuStart = processCpuTime();
    Cluster cluster = Cluster.start(manifests, ClusterOptions.DEFAULT.withoutDataPlane());
    long elapsed = System.nanoTime() - start;
    long cpu = CpuTime.ofThisThread() - cpuStart;
    long processCpu = processCpuTime() - processCpuStart;
    long peak = HeapUse.peakMib();
    long settled = HeapUse.settledMib();
    System.out.printf(
        "services=%d replicas=%d nodes=%d settle=%.1fs cpu=%.1fs process-cpu=%.1fs events=%d"
            + " pods=%d slices=%d"
            + " heap-settled=%dMiB heap-peak=%dMiB simulated=%.1fs%n",
        services,
        replicas,
        nodes,
        elapsed / 1e9,
        cpu / 1e9,
        processCpu / 1e9,
        cluster.loop().processedEvents(),
        cluster.store().list(ResourceType.POD).size(),
        cluster.store().list(ResourceType.ENDPOINT_SLICE).size(),
        settled,
        peak,
        cluster.clock().nowMillis() / 1000.0);
  }

  /** CPU nanoseconds the whole JVM has used, every thread included. */
  private static long processCpuTime() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
