package dev.ksim.bench;

import java.util.Arrays;
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
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int[] counts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 1_000, 10_000, 50_000};
    System.out.println("services  first packet (ns CPU)  established packet (ns CPU)");
    for (int services : counts) {
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
    benchmark.setUp();
    return benchmark;
  }
}
