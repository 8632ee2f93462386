package dev.ksim.sim;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Pending items ordered by time, then by the order they were added: one first-in first-out run per
 * instant, the instants in a sorted map. A settling cluster keeps a hundred thousand events pending
 * over a few hundred distinct milliseconds; a binary heap of them paid a logarithmic sift with a
 * cache miss per level for every event, where this pays a lookup among the instants only when an
 * item lands on another instant than the one before.
 *
 * @param <E> the item type
 */
final class InstantQueue<E> {
  private final TreeMap<Long, ArrayDeque<E>> byTime = new TreeMap<>();

  /** The earliest instant's run; null exactly when the queue is empty. */
  private @Nullable ArrayDeque<E> head;

  private long headTime;

  /** The run last added to, which the next item most often joins. */
  private @Nullable ArrayDeque<E> last;

  private long lastTime;

  /** Adds {@code item} at {@code time}, after every item already at that time. */
  void add(long time, E item) {
    ArrayDeque<E> run;
    if (last != null && lastTime == time) {
      run = last;
    } else {
      run = byTime.computeIfAbsent(time, t -> new ArrayDeque<>());
      last = run;
      lastTime = time;
    }
    run.addLast(item);
    if (head == null || time < headTime) {
      head = run;
      headTime = time;
    }
  }

  boolean isEmpty() {
    return head == null;
  }

  /** The time of the earliest item. */
  long peekTime() {
    if (head == null) {
      throw new NoSuchElementException("no item is pending");
    }
    return headTime;
  }

  /** The earliest item, left in place. */
  E peek() {
    if (head == null) {
      throw new NoSuchElementException("no item is pending");
    }
    return head.getFirst();
  }

  /** Removes and returns the earliest item. */
  E poll() {
    ArrayDeque<E> run = head;
    if (run == null) {
      throw new NoSuchElementException("no item is pending");
    }
    E item = run.removeFirst();
    if (run.isEmpty()) {
      byTime.remove(headTime);
      if (run == last) {
        last = null;
      }
      Map.Entry<Long, ArrayDeque<E>> next = byTime.firstEntry();
      head = next == null ? null : next.getValue();
      headTime = next == null ? 0 : next.getKey();
    }
    return item;
  }
}
