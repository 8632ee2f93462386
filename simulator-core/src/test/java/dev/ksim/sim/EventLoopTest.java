package dev.ksim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventLoopTest {
  @Test
  void runsEventsInTimeOrderThenInScheduleOrder() {
    EventLoop loop = new EventLoop(new SimClock());
    List<String> order = new ArrayList<>();
    loop.schedule(
        Duration.ofSeconds(2), "late", () -> order.add("late@" + loop.clock().nowMillis()));
    loop.schedule(
        Duration.ofSeconds(1), "first", () -> order.add("first@" + loop.clock().nowMillis()));
    loop.schedule(
        Duration.ofSeconds(1), "second", () -> order.add("second@" + loop.clock().nowMillis()));

    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(order).containsExactly("first@1000", "second@1000", "late@2000");
    assertThat(loop.isQuiet()).isTrue();
  }

  @Test
  void advanceByRunsOnlyWhatIsDueAndMovesTheClock() {
    EventLoop loop = new EventLoop(new SimClock());
    List<String> ran = new ArrayList<>();
    loop.schedule(Duration.ofSeconds(1), "due", () -> ran.add("due"));
    loop.schedule(Duration.ofSeconds(10), "later", () -> ran.add("later"));

    loop.advanceBy(Duration.ofSeconds(5), QuietBounds.DEFAULT);

    assertThat(ran).containsExactly("due");
    assertThat(loop.clock().nowMillis()).isEqualTo(5000);
    assertThat(loop.isQuiet()).isFalse();
  }

  @Test
  void anEventStormEndsWithAClearErrorInsteadOfAHang() {
    EventLoop loop = new EventLoop(new SimClock());
    Runnable[] storm = new Runnable[1];
    storm[0] = () -> loop.schedule(Duration.ofMillis(1), "ping-pong", storm[0]);
    loop.schedule(Duration.ZERO, "ping-pong", storm[0]);

    assertThatThrownBy(() -> loop.runUntilQuiet(new QuietBounds(Duration.ofHours(1), 1000)))
        .isInstanceOf(SimulationLimitException.class)
        .hasMessageContaining("did not settle")
        .hasMessageContaining("ping-pong");
  }

  @Test
  void simulatedTimeBoundStopsAPeriodicTask() {
    EventLoop loop = new EventLoop(new SimClock());
    Runnable[] tick = new Runnable[1];
    tick[0] = () -> loop.schedule(Duration.ofMinutes(1), "tick", tick[0]);
    loop.schedule(Duration.ZERO, "tick", tick[0]);

    assertThatThrownBy(() -> loop.runUntilQuiet(new QuietBounds(Duration.ofMinutes(30), 1_000_000)))
        .isInstanceOf(SimulationLimitException.class);
    assertThat(loop.clock().nowMillis()).isLessThanOrEqualTo(Duration.ofMinutes(30).toMillis());
  }

  @Test
  void sameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
    SimRandom a = new SimRandom(7);
    SimRandom b = new SimRandom(7);
    SimRandom c = new SimRandom(8);

    String first = a.nameSuffix(10);

    assertThat(b.nameSuffix(10)).isEqualTo(first);
    assertThat(c.nameSuffix(10)).isNotEqualTo(first);
    assertThat(first).matches("[bcdfghjklmnpqrstvwxz2456789]{10}");
  }

  @Test
  void backgroundChoresRunAsTimePassesButDoNotKeepTheLoopBusy() {
    EventLoop loop = new EventLoop(new SimClock());
    List<String> ran = new ArrayList<>();
    loop.scheduleBackground(
        Duration.ofSeconds(5), "chore", () -> ran.add("chore@" + loop.clock().nowMillis()));
    loop.scheduleBackground(Duration.ofSeconds(30), "late chore", () -> ran.add("late chore"));
    loop.schedule(
        Duration.ofSeconds(10), "work", () -> ran.add("work@" + loop.clock().nowMillis()));

    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(ran).containsExactly("chore@5000", "work@10000");
    assertThat(loop.isQuiet()).isTrue();
    assertThat(loop.clock().nowMillis()).isEqualTo(10_000);

    loop.advanceBy(Duration.ofSeconds(30), QuietBounds.DEFAULT);

    assertThat(ran).containsExactly("chore@5000", "work@10000", "late chore");
  }
}
