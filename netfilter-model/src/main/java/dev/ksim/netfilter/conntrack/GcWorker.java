package dev.ksim.netfilter.conntrack;

import java.util.function.Consumer;

/**
 * The conntrack table's garbage collector, as the kernel's {@code gc_worker}: it walks the table
 * from where its last run stopped and reaps the entries whose timeout has passed, so a table that
 * saw many short connections does not keep them after they are gone. A run stops after reaping
 * {@value #EXPIRED_MAX} entries (or scanning {@value #SCAN_MAX}, ksim's stand-in for the kernel's
 * 10 ms of scanning) and resumes one jiffy later; a finished walk schedules the next one after the
 * running average of the live entries' remaining timeouts, clamped to 1-60 s.
 *
 * <p>The kernel runs the worker on a timer; ksim has no timer per namespace, so a run that is due
 * happens when the table is next asked for a new connection. Entries past their timeout are
 * invisible before they are reaped (lookups and listings skip them), so when a run happens changes
 * nothing but the memory held.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_conntrack_core.c">nf_conntrack_core.c
 *     gc_worker, GC_SCAN_INTERVAL_MAX/MIN/CLAMP, GC_SCAN_INITIAL_COUNT, GC_SCAN_EXPIRED_MAX</a>
 */
final class GcWorker {
  /** GC_SCAN_INTERVAL_MAX: the longest wait between two walks, and the first average. */
  static final long SCAN_INTERVAL_MAX_MILLIS = 60_000;

  /** GC_SCAN_INTERVAL_MIN: the shortest wait between two walks. */
  static final long SCAN_INTERVAL_MIN_MILLIS = 1_000;

  /** GC_SCAN_INTERVAL_CLAMP: remaining timeouts count at most this much in the average. */
  static final long SCAN_INTERVAL_CLAMP_MILLIS = 300_000;

  /** GC_SCAN_INITIAL_COUNT: the first average weighs as much as this many entries. */
  static final int INITIAL_COUNT = 100;

  /** GC_SCAN_EXPIRED_MAX (64000 / HZ, at HZ=1000): a run yields after reaping more than this. */
  static final int EXPIRED_MAX = 64;

  /** Entries one run scans at most before it yields (the kernel bounds a run by 10 ms). */
  static final int SCAN_MAX = 4096;

  /** One jiffy at HZ=1000: when a run that yielded resumes. */
  private static final long JIFFY_MILLIS = 1;

  private long nextRun;

  /** The id the current walk resumes from, or 0 to start a new walk. */
  private long resumeAt;

  private long averageTimeout;
  private long count;

  /** Whether a run is due at {@code now}. */
  boolean isDue(long now) {
    return now >= nextRun;
  }

  /**
   * Runs the worker (when {@link #isDue}): marks the expired slots of {@code order} removed and
   * hands each to {@code reaped}.
   */
  void run(EntryOrder order, long now, Consumer<Slot> reaped) {
    if (resumeAt == 0) {
      averageTimeout = SCAN_INTERVAL_MAX_MILLIS;
      count = INITIAL_COUNT;
    }
    int expired = 0;
    int scanned = 0;
    for (int at = order.from(resumeAt); at < order.end(); at++) {
      Slot next = order.at(at);
      if (next.removed) {
        continue;
      }
      if (expired > EXPIRED_MAX || scanned >= SCAN_MAX) {
        resumeAt = next.id;
        nextRun = now + JIFFY_MILLIS;
        return;
      }
      scanned++;
      long expiresAt = next.expiresAt();
      if (expiresAt <= now) {
        order.remove(next);
        reaped.accept(next);
        expired++;
        continue;
      }
      long remaining =
          Math.min(Math.max(expiresAt - now, SCAN_INTERVAL_MIN_MILLIS), SCAN_INTERVAL_CLAMP_MILLIS);
      averageTimeout += (remaining - averageTimeout) / ++count;
    }
    resumeAt = 0;
    nextRun =
        now
            + Math.min(
                Math.max(averageTimeout, SCAN_INTERVAL_MIN_MILLIS), SCAN_INTERVAL_MAX_MILLIS);
  }

  /** Forgets the current walk (the table was flushed). */
  void reset() {
    resumeAt = 0;
  }
}
