package dev.ksim.sim;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The discrete-event loop: a queue of events ordered by simulated time, then by the order they were
 * scheduled in. Running an event may schedule more.
 *
 * <p>Threading: the loop and everything it runs are single-threaded by design. No component needs
 * locks, and the order of events (hence of random draws) is fully determined by the inputs.
 *
 * <pre>
 *   schedule(delay, task) --> [ queue: (time, task) ...      ] --> runUntilQuiet()
 *                                                                   | pops the earliest event,
 *                                                                   | moves the clock to its time,
 *                                                                   | runs it (it may schedule more)
 *                                                                   v until the queue is empty
 * </pre>
 */
public final class EventLoop {
  /**
   * One scheduled task. Its label, named in errors only, is {@code label} followed by {@code
   * subject} when there is one: joined only when asked for, not for each of the hundreds of
   * thousands of events a large settle schedules.
   */
  private record Event(String label, @Nullable Object subject, Runnable task, boolean background) {
    String name() {
      return subject == null ? label : label + " " + subject;
    }
  }

  private final SimClock clock;
  private final InstantQueue<Event> queue = new InstantQueue<>();
  private long processed;
  private long foreground;

  public EventLoop(SimClock clock) {
    this.clock = clock;
  }

  public SimClock clock() {
    return clock;
  }

  /** Schedules {@code task} to run {@code delay} after now; {@code label} names it in errors. */
  public void schedule(Duration delay, String label, Runnable task) {
    add(delay, label, null, task, false);
  }

  /**
   * Schedules {@code task} to run {@code delay} after now; it is named in errors by {@code label}
   * and the text of {@code subject} (a work queue's name and key, say).
   */
  public void schedule(Duration delay, String label, Object subject, Runnable task) {
    add(delay, label, subject, task, false);
  }

  /**
   * Schedules a periodic chore (a resync a component would do anyway): it runs when its time comes
   * while other work goes on or time is advanced, but does not keep the cluster from being quiet.
   */
  public void scheduleBackground(Duration delay, String label, Runnable task) {
    add(delay, label, null, task, true);
  }

  private void add(
      Duration delay, String label, @Nullable Object subject, Runnable task, boolean background) {
    checkArgument(!delay.isNegative(), "delay must not be negative: %s", delay);
    queue.add(clock.nowMillis() + delay.toMillis(), new Event(label, subject, task, background));
    if (!background) {
      foreground++;
    }
  }

  /** Whether no event is pending but background chores. */
  public boolean isQuiet() {
    return foreground == 0;
  }

  /** Events processed since the loop was created. */
  public long processedEvents() {
    return processed;
  }

  /**
   * Runs events until none is pending but background chores (those due meanwhile run too).
   *
   * @throws SimulationLimitException when the bounds are reached first
   */
  public void runUntilQuiet(QuietBounds bounds) {
    long deadline = clock.nowMillis() + bounds.maxSimulatedTime().toMillis();
    long budget = bounds.maxEvents();
    while (foreground > 0) {
      if (queue.peekTime() > deadline || budget-- <= 0) {
        throw new SimulationLimitException(
            String.format(
                "the cluster did not settle: still busy after %s of simulated time and %d events"
                    + " (next: %s)",
                bounds.maxSimulatedTime(), bounds.maxEvents(), queue.peek().name()));
      }
      runNext();
    }
  }

  /**
   * Runs every event due within {@code duration} from now, then sets the clock to the end of it.
   */
  public void advanceBy(Duration duration, QuietBounds bounds) {
    long end = clock.nowMillis() + duration.toMillis();
    long budget = bounds.maxEvents();
    while (!queue.isEmpty() && queue.peekTime() <= end) {
      if (budget-- <= 0) {
        throw new SimulationLimitException(
            String.format(
                "more than %d events while waiting %s (next: %s)",
                bounds.maxEvents(), duration, queue.peek().name()));
      }
      runNext();
    }
    clock.advanceTo(end);
  }

  private void runNext() {
    long time = queue.peekTime();
    Event event = queue.poll();
    if (!event.background()) {
      foreground--;
    }
    clock.advanceTo(time);
    processed++;
    event.task().run();
  }
}
