package dev.ksim.ipvs;

import java.util.Comparator;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The connection table's timers, armed lazily: a packet that pushes a connection's expiry later
 * (every packet of an established connection does) only moves {@link IpvsConnection#expiresAt}; the
 * queue entry stays where it is and, when it comes due, is checked against the connection and
 * queued again at the later time. An expiry moved earlier gets a new entry and the old one is
 * skipped when it comes up. Due connections come out in the order of their expiry, then of their
 * creation, as if each packet had re-queued its connection's timer (the kernel's mod_timer).
 */
final class ConnectionTimers {
  /** One queued timer; {@code sequence} tells the connection's current entry from stale ones. */
  private record Entry(
      long deadline, long connectionId, long sequence, IpvsConnection connection) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Entry::deadline).thenComparingLong(Entry::connectionId));
  private long sequence;

  /** The connection's expiry was set: queues an entry unless its current one fires no later. */
  void armed(IpvsConnection connection) {
    if (connection.timerSequence() == 0 || connection.timerDeadline() > connection.expiresAt()) {
      enqueue(connection);
    }
  }

  private void enqueue(IpvsConnection connection) {
    sequence++;
    connection.setTimerEntry(sequence, connection.expiresAt());
    queue.add(new Entry(connection.expiresAt(), connection.id(), sequence, connection));
  }

  /**
   * The next connection whose expiry is due by {@code now}, its timer now disarmed; null when none
   * is.
   */
  @Nullable IpvsConnection nextDue(long now) {
    while (!queue.isEmpty() && queue.peek().deadline() <= now) {
      Entry entry = queue.poll();
      IpvsConnection connection = entry.connection();
      if (connection.timerSequence() != entry.sequence()) {
        continue;
      }
      if (connection.expiresAt() > entry.deadline()) {
        enqueue(connection);
        continue;
      }
      connection.setTimerEntry(0, 0);
      return connection;
    }
    return null;
  }

  /** Drops every timer. */
  void clear() {
    for (Entry entry : queue) {
      entry.connection().setTimerEntry(0, 0);
    }
    queue.clear();
  }
}
