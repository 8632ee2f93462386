package dev.ksim.bench;

import dev.ksim.scaling.CpuTime;
import java.util.Arrays;
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
  /** Each round runs for about this much CPU time, whatever one packet costs. */
  private static final long ROUND_NANOS = 200_000_000L;

  private static final int WARM_UP_CALLS = 2_000;

  private static final int CALIBRATION_CALLS = 100;

  private PacketReport() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int[] counts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 1_000, 10_000, 50_000};
    System.out.println("services  untraced first packet (ns CPU)  traced first packet (ns CPU)");
    for (int services : counts) {
      FirstPacketBenchmark benchmark = new FirstPacketBenchmark();
      benchmark.services = services;
      benchmark.setUp();
      double untraced = median(rounds, benchmark::untraced);
      double traced = median(rounds, benchmark::traced);
      System.out.printf(Locale.ROOT, "%8d  %30.0f  %28.0f%n", services, untraced, traced);
    }
    System.out.println("100,000 rules  first packet to the last (ns CPU)  per rule (ns CPU)");
    for (String shape : new String[] {"destinations", "sources"}) {
      NetfilterBenchmark benchmark = new NetfilterBenchmark();
      benchmark.rules = 100_000;
      benchmark.shape = shape;
      benchmark.setUp();
      double first = median(rounds, benchmark::firstPacketToLastService);
      System.out.printf(
          Locale.ROOT, "%13s  %34.0f  %17.2f%n", shape, first, first / benchmark.rules);
    }
  }

  /**
   * The median CPU nanoseconds per call over {@code rounds} rounds, after two rounds of warm-up; a
   * round makes as many calls as fit in {@link #ROUND_NANOS} by a count taken after a warm-up.
   */
  private static double median(int rounds, Runnable packet) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      packet.run();
    }
    long calibration = CpuTime.ofThisThread();
    for (int i = 0; i < CALIBRATION_CALLS; i++) {
      packet.run();
    }
    long once = Math.max(1, (CpuTime.ofThisThread() - calibration) / CALIBRATION_CALLS);
    int calls = (int) Math.max(CALIBRATION_CALLS, Math.min(10_000_000, ROUND_NANOS / once));
    double[] perCall = new double[rounds];
    for (int round = -2; round < rounds; round++) {
      long start = CpuTime.ofThisThread();
      for (int i = 0; i < calls; i++) {
        packet.run();
      }
      if (round >= 0) {
        perCall[round] = (CpuTime.ofThisThread() - start) / (double) calls;
      }
    }
    Arrays.sort(perCall);
    return perCall[rounds / 2];
  }
}
