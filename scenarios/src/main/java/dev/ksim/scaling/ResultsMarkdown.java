package dev.ksim.scaling;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * {@code results.md}: the report as a person reads it, one table per mode, the crossovers, and
 * which currency each figure is in.
 */
public final class ResultsMarkdown {
  private ResultsMarkdown() {}

  /** The workload, stated the same way in the Markdown, the crossovers and on stderr. */
  public static String workload(int endpoints) {
    return "first packet of a new connection from a pod on k8s-node01 to a ClusterIP Service,"
        + " default 3-node cluster, "
        + endpoints
        + " endpoints per Service";
  }

  /** The report for {@code rows}. */
  public static String render(
      List<BenchRow> rows, List<String> modes, int endpoints, KernelCosts costs, boolean complete) {
    StringBuilder md = new StringBuilder("# ksim bench: how the kube-proxy modes scale\n\n");
    if (!complete) {
      md.append("**Interrupted: only the rows measured before the stop are here.**\n\n");
    }
    md.append("Workload: ")
        .append(workload(endpoints))
        .append(
            " (selector-less Services with hand-made EndpointSlices; the first, middle, last and a"
                + " seeded random Service), and a packet of an established connection to the first"
                + " Service.\n\n");
    md.append(
        """
        Currencies:
        - **counted** (deterministic, machine-independent): rules evaluated / lookups (nftables \
        set and map lookups, ipsets, IPVS virtual-service lookups) / conntrack lookups, as \
        `rules/lookups/ct`. iptables rules that ksim skips by its destination index are counted as \
        the kernel walks them.
        - **kernel est.**: counted work times the per-unit costs (%s: iptables-nft %.1f ns per \
        rule, nftables %.1f ns per rule, %.1f ns per map lookup, %.1f ns per conntrack lookup). \
        None for ipvs: this kernel has no IPVS to measure and no published per-lookup figure for \
        IPVS was found (published comparisons give whole-request latencies or CPU shares), so \
        ipvs is shown in counted work only.
        - **ksim**: ksim's own time on this machine, in CPU time of the simulating thread (on a \
        shared machine wall time mostly measures the wait for a core; garbage collection's own \
        threads are not counted), median ± half the interquartile range; a measurement of the simulator (whose walker may skip rules), not of a kernel. The sync \
        columns are ksim's kube-proxy: one node's full sync, and the time from one endpoint \
        change until all three nodes have synced it.

        """
            .formatted(
                costs.source(),
                costs.iptablesRuleNs(),
                costs.nftRuleNs(),
                costs.nftMapLookupNs(),
                costs.conntrackLookupNs()));
    for (String mode : modes) {
      List<BenchRow> ofMode = rows.stream().filter(r -> r.mode().equals(mode)).toList();
      if (ofMode.isEmpty()) {
        continue;
      }
      md.append("## ").append(mode).append(" (").append(ofMode.get(0).source()).append(")\n\n");
      md.append(
          "| Services | first | middle | last | random | established | kernel est. last |"
              + " kernel est. established | ksim last | ksim established | full sync |"
              + " endpoint change | heap/Service |\n");
      md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (BenchRow row : ofMode) {
        md.append(String.format(Locale.ROOT, "| %,d |", row.services()));
        for (Probe probe : Probe.values()) {
          CountedWork work = row.counted(probe);
          md.append(
              String.format(
                  Locale.ROOT,
                  " %d/%d/%d |",
                  work.rules(),
                  work.lookups(),
                  work.conntrackLookups()));
        }
        for (Probe probe : List.of(Probe.LAST, Probe.ESTABLISHED)) {
          Double estimate = costs.estimateNanos(row.mode(), row.counted(probe));
          md.append(
              estimate == null ? " – |" : String.format(Locale.ROOT, " %.2f µs |", estimate / 1e3));
        }
        md.append(' ').append(time(row.ksimTime(Probe.LAST))).append(" |");
        md.append(' ').append(time(row.ksimTime(Probe.ESTABLISHED))).append(" |");
        md.append(' ').append(sync(row.fullSync())).append(" |");
        md.append(' ').append(sync(row.partialSync())).append(" |");
        md.append(String.format(Locale.ROOT, " %.1f KiB |%n", row.heapBytesPerService() / 1024.0));
      }
      md.append('\n').append(flatness(ofMode)).append("\n\n");
    }
    if (modes.contains("ipvs")) {
      md.append(
          "ipvs: the packet meets kube-proxy's ipvs-mode rules at PREROUTING (KUBE-SERVICES' ipset"
              + " match of the cluster IP), is routed to the node itself (the cluster IP is on"
              + " kube-ipvs0) and meets IPVS at LOCAL_IN: each IPVS handler run counts one"
              + " connection-table lookup (with the conntrack lookups), a scheduled packet one"
              + " virtual-service lookup.\n\n");
    }
    md.append("## Crossovers\n\n");
    for (String line : crossovers(rows, modes, endpoints, costs)) {
      md.append("- ").append(line).append('\n');
    }
    return md.toString();
  }

  /** Each crossover found between iptables and another mode, as a sentence. */
  public static List<String> crossovers(
      List<BenchRow> rows, List<String> modes, int endpoints, KernelCosts costs) {
    List<String> lines = new ArrayList<>();
    for (String other : modes) {
      if (other.equals("iptables") || !modes.contains("iptables")) {
        continue;
      }
      for (Probe probe : List.of(Probe.MIDDLE, Probe.LAST)) {
        String workload =
            workload(endpoints).replace("a ClusterIP Service", "the " + probe.word() + " Service");
        Crossover.find(rows, "iptables", other, r -> (double) r.counted(probe).units())
            .ifPresent(c -> lines.add(c.describe("counted rules + lookups", workload)));
        Crossover.find(
                rows, "iptables", other, r -> costs.estimateNanos(r.mode(), r.counted(probe)))
            .ifPresent(c -> lines.add(c.describe("kernel estimate", workload)));
        Crossover.find(rows, "iptables", other, r -> r.ksimTime(probe).medianNanos())
            .ifPresent(c -> lines.add(c.describe("ksim's own time, measured", workload)));
      }
    }
    if (lines.isEmpty()) {
      lines.add("none found among the sizes and modes measured");
    }
    lines.add(
        "established connections: every mode pays one conntrack (or IPVS connection) lookup per"
            + " packet, whatever the number of Services; published comparisons disagree mostly"
            + " because some measure new connections and some established ones");
    return lines;
  }

  /**
   * How far ksim's time per packet moves across a mode's rows: for each probe, the slowest row's
   * median over the fastest's.
   */
  static String flatness(List<BenchRow> ofMode) {
    StringJoiner ratios = new StringJoiner(", ");
    for (Probe probe : Probe.values()) {
      DoubleSummaryStatistics medians =
          ofMode.stream().mapToDouble(r -> r.ksimTime(probe).medianNanos()).summaryStatistics();
      ratios.add(
          String.format(
              Locale.ROOT, "%s %.2f×", probe.word(), medians.getMax() / medians.getMin()));
    }
    return "ksim's time per packet, slowest row's median over the fastest's: " + ratios + ".";
  }

  private static String time(Timing timing) {
    return timing.medianNanos() >= 10_000
        ? String.format(
            Locale.ROOT, "%.1f ± %.1f µs", timing.medianNanos() / 1e3, timing.spreadNanos() / 1e3)
        : String.format(Locale.ROOT, "%.0f ± %.0f ns", timing.medianNanos(), timing.spreadNanos());
  }

  private static String sync(@Nullable Timing timing) {
    return timing == null
        ? "–"
        : String.format(
            Locale.ROOT, "%.1f ± %.1f ms", timing.medianNanos() / 1e6, timing.spreadNanos() / 1e6);
  }
}
