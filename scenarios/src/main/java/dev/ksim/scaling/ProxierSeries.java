package dev.ksim.scaling;

import dev.ksim.net.Packet;
import java.util.EnumMap;
import java.util.Map;

/**
 * A mode measured through kube-proxy's own proxier: the workload is applied to the default cluster
 * with that mode in its KubeProxyConfiguration, and the packets meet the rules (and, in ipvs mode,
 * the virtual services) kube-proxy wrote on k8s-node01. Each timed first packet opens a connection
 * of its own.
 *
 * @param mode the mode
 */
public record ProxierSeries(String mode) implements ModeSeries {
  @Override
  public BenchRow measure(ServiceWorkload workload, Effort effort) {
    long before = HeapUse.settledBytes();
    ProxiedCluster cluster = ProxiedCluster.start(workload);
    long heap = HeapUse.settledBytes() - before;
    // every count before any timing: the timings draw on the kernel's seeded random source
    // (statistic matches), and the counts must not depend on how long the timings ran
    Map<Probe, Packet> packets = new EnumMap<>(Probe.class);
    Map<Probe, CountedWork> counted = new EnumMap<>(Probe.class);
    for (Probe probe : Probe.values()) {
      int index = workload.serviceIndex(probe);
      Packet packet =
          probe == Probe.ESTABLISHED
              ? cluster.establishedPacket(index)
              : cluster.firstPacket(index);
      packets.put(probe, packet);
      counted.put(probe, cluster.count(packet));
    }
    Map<Probe, Runnable> sends = new EnumMap<>(Probe.class);
    packets.forEach(
        (probe, packet) ->
            sends.put(
                probe,
                probe == Probe.ESTABLISHED
                    ? () -> cluster.send(packet)
                    : () -> cluster.sendNew(packet)));
    // every probe warmed up before any is timed, so the first one timed meets code the JIT has
    // compiled for all of them (the probes share it) rather than a profile of its own packets; then
    // the probes timed in turn, batch by batch
    Map<Probe, Timing> times =
        RoundRobinTiming.measure(sends, effort.warmups(), effort.samples(), effort.batch());
    Timing full = Timing.measure(effort.syncWarmups(), effort.syncSamples(), 1, cluster::fullSync);
    Timing partial =
        Timing.measure(effort.syncWarmups(), effort.syncSamples(), 1, cluster::changeOneEndpoint);
    return new BenchRow(
        mode,
        workload.services(),
        workload.endpoints(),
        counted,
        times,
        full,
        partial,
        Math.max(0, heap) / workload.services(),
        "kube-proxy");
  }
}
