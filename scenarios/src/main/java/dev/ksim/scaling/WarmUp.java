package dev.ksim.scaling;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;

/**
 * Warms up the packets of a row: rounds of every operation in turn, {@link Effort#warmups} of them,
 * then, when {@link Effort#untilCompiled}, more until the JIT's total compilation time has not
 * moved for {@link #QUIET_NANOS} of wall time (or {@link #LIMIT_NANOS} have passed). On a loaded
 * machine the compiler threads wait for a core too, and a fixed number of warm-up runs left some
 * probes timed while their code was still being compiled (several times slower than once compiled,
 * and the later probes of the same row faster than the earlier ones).
 */
final class WarmUp {
  /** How long the JIT must have compiled nothing before the timing starts. */
  static final long QUIET_NANOS = 1_000_000_000L;

  /** The most a row's warm-up may take. */
  static final long LIMIT_NANOS = 60_000_000_000L;

  private WarmUp() {}

  /** Runs {@code operations}, {@link Effort#batch} times each per round, as {@code effort} says. */
  static void run(Collection<Runnable> operations, Effort effort) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean monitored =
        effort.untilCompiled() && jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long compiled = monitored ? jit.getTotalCompilationTime() : 0;
    long quietSince = start;
    for (int round = 0; ; round++) {
      long now = System.nanoTime();
      if (monitored && jit.getTotalCompilationTime() != compiled) {
        compiled = jit.getTotalCompilationTime();
        quietSince = now;
      }
      boolean settled = !monitored || now - quietSince >= QUIET_NANOS || now - start >= LIMIT_NANOS;
      if (round >= effort.warmups() && settled) {
        return;
      }
      operations.forEach(operation -> Timing.warmUp(effort.batch(), operation));
    }
  }
}
