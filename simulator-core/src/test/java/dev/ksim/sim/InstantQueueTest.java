package dev.ksim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

class InstantQueueTest {
  /** An item as a binary heap ordered by time, then by the order of adding, would hold it. */
  private record Timed(long time, long seq) {}

  private static final Comparator<Timed> TIME_THEN_SEQ =
      Comparator.comparingLong(Timed::time).thenComparingLong(Timed::seq);

  /**
   * Drains both queues as the event loop does, each poll adding a few items at the polled time or
   * later (delay 0 included, which lands on the run being drained or, once it emptied, on an
   * instant before the next one left), and expects the same order as a heap by time and sequence.
   */
  @Test
  void pollsInTheOrderOfAHeapByTimeThenByOrderOfAdding() {
    SimRandom random = new SimRandom(16);
    InstantQueue<Timed> queue = new InstantQueue<>();
    PriorityQueue<Timed> heap = new PriorityQueue<>(TIME_THEN_SEQ);
    long seq = 0;
    for (int i = 0; i < 500; i++) {
      Timed item = new Timed(random.nextInt(50), seq++);
      queue.add(item.time(), item);
      heap.add(item);
    }
    List<Timed> polled = new ArrayList<>();
    List<Timed> expected = new ArrayList<>();
    int budget = 20_000;
    while (!heap.isEmpty()) {
      assertThat(queue.peekTime()).isEqualTo(heap.peek().time());
      assertThat(queue.peek()).isEqualTo(heap.peek());
      Timed next = queue.poll();
      polled.add(next);
      expected.add(heap.poll());
      int more = budget-- > 0 ? random.nextInt(3) : 0;
      for (int i = 0; i < more; i++) {
        int delay = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        Timed item = new Timed(next.time() + delay, seq++);
        queue.add(item.time(), item);
        heap.add(item);
      }
    }
    assertThat(polled).hasSizeGreaterThan(10_000).isEqualTo(expected);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void anItemAddedBeforeTheEarliestInstantComesFirst() {
    InstantQueue<String> queue = new InstantQueue<>();
    queue.add(10, "ten");
    queue.add(5, "five");
    queue.add(10, "ten again");
    queue.add(5, "five again");

    List<String> polled = new ArrayList<>();
    while (!queue.isEmpty()) {
      polled.add(queue.poll());
    }

    assertThat(polled).containsExactly("five", "five again", "ten", "ten again");
  }

  @Test
  void anEmptyQueueHasNothingToPeekOrPoll() {
    InstantQueue<String> queue = new InstantQueue<>();

    assertThat(queue.isEmpty()).isTrue();
    assertThatThrownBy(queue::poll).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(queue::peekTime).isInstanceOf(NoSuchElementException.class);
  }
}
