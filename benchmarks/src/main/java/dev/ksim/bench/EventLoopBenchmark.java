package dev.ksim.bench;

import dev.ksim.sim.EventLoop;
import dev.ksim.sim.QuietBounds;
import dev.ksim.sim.SimClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The discrete-event loop's own cost: events whose handler does nothing but schedule the next one,
 * with 1,000 events pending at any time (about what a settling cluster keeps queued). Issue 16's
 * target: at least 1,000,000 events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EventLoopBenchmark {
  private static final int PENDING = 1_000;
  private static final int EVENTS = 100_000;

  /** A chain of no-op events: each schedules one more until the run's budget is spent. */
  private static final class Chore implements Runnable {
    private final EventLoop loop;
    private int remaining;

    Chore(EventLoop loop, int remaining) {
      this.loop = loop;
      this.remaining = remaining;
    }

    @Override
    public void run() {
      if (--remaining > 0) {
        loop.schedule(Duration.ofMillis(1 + remaining % 7), "no-op", this);
      }
    }
  }

  /** Runs {@value #EVENTS} no-op events; the score is events per second. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long noOpEvents() {
    EventLoop loop = new EventLoop(new SimClock());
    for (int i = 0; i < PENDING; i++) {
      loop.schedule(Duration.ofMillis(i % 10), "no-op", new Chore(loop, EVENTS / PENDING));
    }
    loop.runUntilQuiet(QuietBounds.DEFAULT);
    return loop.processedEvents();
  }
}
