package dev.ksim.scaling;

import dev.ksim.net.Packet;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ipvs mode measured on the IPVS kernel model alone ({@link IpvsTable}): a virtual service per
 * Service with its endpoints as real servers, as kube-proxy's ipvs mode would program them, but
 * without kube-proxy, so without the few iptables rules and ipset lookups that mode also keeps and
 * without sync figures.
 */
public record IpvsModelSeries() implements ModeSeries {
  @Override
  public String mode() {
    return "ipvs";
  }

  @Override
  public BenchRow measure(ServiceWorkload workload, Effort effort) {
    long before = HeapUse.settledBytes();
    IpvsTable table = new IpvsTable(workload);
    long heap = HeapUse.settledBytes() - before;
    // every count before any timing, as ProxierSeries does
    Map<Probe, Packet> packets = new EnumMap<>(Probe.class);
    Map<Probe, CountedWork> counted = new EnumMap<>(Probe.class);
    for (Probe probe : Probe.values()) {
      int index = workload.serviceIndex(probe);
      Packet packet =
          probe == Probe.ESTABLISHED ? table.establishedPacket(index) : table.firstPacket(index);
      packets.put(probe, packet);
      counted.put(probe, table.count(packet));
    }
    Map<Probe, Timing> times = new EnumMap<>(Probe.class);
    packets.forEach(
        (probe, packet) -> {
          if (probe == Probe.ESTABLISHED) {
            // the first packets' timings moved the clock past the counted connection's timeout
            Packet established = table.establishedPacket(workload.serviceIndex(probe));
            times.put(probe, timing(effort, () -> table.send(established)));
          } else {
            times.put(probe, timing(effort, () -> table.sendFirst(packet)));
          }
        });
    return new BenchRow(
        mode(),
        workload.services(),
        workload.endpoints(),
        counted,
        times,
        null,
        null,
        Math.max(0, heap) / table.services(),
        "ipvs-model");
  }

  private static Timing timing(Effort effort, Runnable send) {
    return Timing.measure(effort.warmups(), effort.samples(), effort.batch(), send);
  }
}
