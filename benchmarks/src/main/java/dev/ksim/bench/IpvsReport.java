package dev.ksim.bench;

import java.util.Locale;

/**
 * {@link IpvsBenchmark}'s two measurements in CPU time of the measuring thread, steadier than JMH's
 * wall time on a shared machine: for each number of virtual services given (default 100, 1,000,
 * 10,000 and 50,000), the median over {@code rounds} rounds of the CPU nanoseconds per first packet
 * and per packet of an established connection, after a warm-up.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.ksim.bench.IpvsReport [ROUNDS [N...]]</pre>
 */
public final class IpvsReport {
  private IpvsReport() {}

  public static void main(String[] args) {
    SweepArgs sweep = SweepArgs.of(args);
    int rounds = sweep.rounds();
    System.out.println("services  first packet (ns CPU)  established packet (ns CPU)");
    for (int services : sweep.services()) {
      // one set-up each, as JMH gives each benchmark method its own trial: first packets move the
      // clock on by 61 s each, which would expire the established connection
      IpvsBenchmark forFirst = set(services);
      double first = CpuMedian.perCall(rounds, forFirst::firstPacket);
      IpvsBenchmark forEstablished = set(services);
      double established = CpuMedian.perCall(rounds, forEstablished::establishedPacket);
      System.out.printf(Locale.ROOT, "%8d  %21.0f  %27.0f%n", services, first, established);
    }
  }

  private static IpvsBenchmark set(int services) {
    IpvsBenchmark benchmark = new IpvsBenchmark();
    benchmark.services = services;
    benchmark.endpoints = 10; // JMH's @Param default; a plain field starts at 0
    benchmark.setUp();
    return benchmark;
  }
}
