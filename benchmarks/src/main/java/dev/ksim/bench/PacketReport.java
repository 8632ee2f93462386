package dev.ksim.bench;

import java.util.Locale;

/**
 * The per-packet benchmarks in CPU time of the measuring thread, steadier than JMH's wall time on a
 * machine shared with other builds: {@link FirstPacketBenchmark}'s untraced and traced first packet
 * for each number of Services given (default 100, 1,000, 10,000 and 50,000), then {@link
 * NetfilterBenchmark}'s first packet to the last of 100,000 rules of each shape, with the time per
 * rule; each figure the median over {@code rounds} rounds, after two rounds of warm-up.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.ksim.bench.PacketReport [ROUNDS [N...]]</pre>
 */
public final class PacketReport {
  private PacketReport() {}

  public static void main(String[] args) {
    SweepArgs sweep = SweepArgs.of(args);
    int rounds = sweep.rounds();
    System.out.println("services  untraced first packet (ns CPU)  traced first packet (ns CPU)");
    for (int services : sweep.services()) {
      FirstPacketBenchmark benchmark = new FirstPacketBenchmark();
      benchmark.services = services;
      benchmark.setUp();
      double untraced = CpuMedian.perCall(rounds, benchmark::untraced);
      double traced = CpuMedian.perCall(rounds, benchmark::traced);
      System.out.printf(Locale.ROOT, "%8d  %30.0f  %28.0f%n", services, untraced, traced);
    }
    System.out.println("100,000 rules  first packet to the last (ns CPU)  per rule (ns CPU)");
    for (String shape : new String[] {"destinations", "sources", "ports"}) {
      NetfilterBenchmark benchmark = new NetfilterBenchmark();
      benchmark.rules = 100_000;
      benchmark.shape = shape;
      benchmark.setUp();
      double first = CpuMedian.perCall(rounds, benchmark::firstPacketToLastService);
      System.out.printf(
          Locale.ROOT, "%13s  %34.0f  %17.2f%n", shape, first, first / benchmark.rules);
    }
  }
}
