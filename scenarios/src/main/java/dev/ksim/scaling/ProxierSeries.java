package dev.ksim.scaling;

import java.util.EnumMap;
import java.util.Map;

/**
 * A mode measured through kube-proxy's own proxier: the workload is applied to the default cluster
 * with that mode in its KubeProxyConfiguration, and the packets meet the rules kube-proxy wrote on
 * k8s-node01.
 *
 * @param mode the mode
 */
public record ProxierSeries(String mode) implements ModeSeries {
  @Override
  public BenchRow measure(ServiceWorkload workload, Effort effort) {
    long before = HeapUse.settledBytes();
    ProxiedCluster cluster = ProxiedCluster.start(workload);
    long heap = HeapUse.settledBytes() - before;
    Map<Probe, CountedWork> counted = new EnumMap<>(Probe.class);
    Map<Probe, Timing> times = new EnumMap<>(Probe.class);
    for (Probe probe : Probe.values()) {
      int index = workload.serviceIndex(probe);
      var packet =
          probe == Probe.ESTABLISHED
              ? cluster.establishedPacket(index)
              : cluster.firstPacket(index);
      counted.put(probe, cluster.count(packet));
      times.put(
          probe,
          Timing.measure(
              effort.warmups(), effort.samples(), effort.batch(), () -> cluster.send(packet)));
    }
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
