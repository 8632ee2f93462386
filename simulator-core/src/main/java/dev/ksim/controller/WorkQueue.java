package dev.ksim.controller;

import dev.ksim.sim.EventLoop;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A de-duplicating work queue, as client-go's workqueue: a key added while already waiting is not
 * added twice, so a burst of watch events for one object costs one reconcile. Each key is
 * reconciled {@code delay} after it was first added.
 *
 * @param <K> the key type (an object's namespace/name)
 */
public final class WorkQueue<K> {
  private final EventLoop loop;
  private final Duration delay;
  private final String name;
  private final Consumer<K> reconcile;
  private final Set<K> waiting = new HashSet<>();

  public WorkQueue(EventLoop loop, Duration delay, String name, Consumer<K> reconcile) {
    this.loop = loop;
    this.delay = delay;
    this.name = name;
    this.reconcile = reconcile;
  }

  /** Queues {@code key} unless it is already waiting. */
  public void add(K key) {
    addAfter(key, delay);
  }

  /** Queues {@code key} to be reconciled after {@code after} (unless it is already waiting). */
  public void addAfter(K key, Duration after) {
    if (waiting.add(key)) {
      loop.schedule(
          after,
          name + " " + key,
          () -> {
            waiting.remove(key);
            reconcile.accept(key);
          });
    }
  }
}
