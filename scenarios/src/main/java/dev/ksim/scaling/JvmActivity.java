package dev.ksim.scaling;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the JVM has done so far besides running the program's own code, as far as it can move a
 * timed batch of packets: garbage collections (the thread stops, and finds its caches cold after)
 * and JIT compilations (with {@code -Xbatch} the thread waits for one, having run the method
 * interpreted until then). Two snapshots that differ say that one of them ran in between.
 *
 * @param collections collections by every collector so far
 * @param compilationMillis the JIT's compilation time so far (its whole compilations' time summed,
 *     then truncated to milliseconds: a compilation of a fraction of a millisecond may not show)
 */
record JvmActivity(long collections, long compilationMillis) {
  private static final List<GarbageCollectorMXBean> COLLECTORS =
      ManagementFactory.getGarbageCollectorMXBeans();

  private static final @Nullable CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  static JvmActivity now() {
    long collections = 0;
    for (GarbageCollectorMXBean collector : COLLECTORS) {
      collections += Math.max(0, collector.getCollectionCount());
    }
    CompilationMXBean jit = JIT;
    return new JvmActivity(
        collections,
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit.getTotalCompilationTime()
            : 0);
  }

  /** Whether a collection ran between {@code earlier} and this snapshot. */
  boolean collectedSince(JvmActivity earlier) {
    return collections != earlier.collections;
  }

  /** Whether the JIT compiled between {@code earlier} and this snapshot. */
  boolean compiledSince(JvmActivity earlier) {
    return compilationMillis != earlier.compilationMillis;
  }
}
