package dev.ksim.controller;

import dev.ksim.apiserver.ApiException;
import dev.ksim.sim.EventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A de-duplicating work queue, as client-go's workqueue: a key added while already waiting is not
 * added twice, so a burst of watch events for one object costs one reconcile. Each key is
 * reconciled {@code delay} after it was first added. A reconcile the API server refuses a write of
 * does not end the run: the key is requeued with client-go's per-item exponential backoff (5 ms
 * doubling, at most 1000 s) and dropped after {@link #MAX_RETRIES} failures, as the Deployment
 * controller drops a key.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/client-go/util/workqueue/default_rate_limiters.go">DefaultControllerRateLimiter:
 *     ItemExponentialFailureRateLimiter(5ms, 1000s)</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/deployment/deployment_controller.go">deployment_controller.go:
 *     maxRetries = 15, handleErr</a>
 * @param <K> the key type (an object's namespace/name)
 */
public final class WorkQueue<K> {
  private final EventLoop loop;
  private final Duration delay;
  private final String name;
  private final Consumer<K> reconcile;
  private final Set<K> waiting = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();

  /** Failed reconciles of one key before it is dropped from the queue. */
  public static final int MAX_RETRIES = 15;

  private static final Duration BASE_DELAY = Duration.ofMillis(5);
  private static final Duration MAX_DELAY = Duration.ofSeconds(1000);

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
          name,
          key,
          () -> {
            waiting.remove(key);
            run(key);
          });
    }
  }

  private void run(K key) {
    try {
      reconcile.accept(key);
      failures.remove(key);
    } catch (ApiException refused) {
      int failed = failures.merge(key, 1, Integer::sum);
      if (failed > MAX_RETRIES) {
        failures.remove(key);
        return;
      }
      addAfter(key, backoff(failed));
    }
  }

  /** 5 ms doubled per earlier failure, at most 1000 s. */
  static Duration backoff(int failed) {
    if (failed > 20) {
      return MAX_DELAY;
    }
    Duration delay = BASE_DELAY.multipliedBy(1L << (failed - 1));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  /** How many times in a row {@code key}'s reconcile has failed (0 after a success). */
  public int failures(K key) {
    return failures.getOrDefault(key, 0);
  }
}
