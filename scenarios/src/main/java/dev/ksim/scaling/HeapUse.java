package dev.ksim.scaling;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap figures for the scaling reports: the peak since a reset, and what stays after a full GC. */
public final class HeapUse {
  private HeapUse() {}

  public static void resetPeak() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since the last reset, in MiB. */
  public static long peakMib() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        >> 20;
  }

  /** The heap in use after a full collection, in MiB. */
  public static long settledMib() {
    return settledBytes() >> 20;
  }

  /** The heap in use after a full collection, in bytes. */
  public static long settledBytes() {
    System.gc();
    return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  }
}
