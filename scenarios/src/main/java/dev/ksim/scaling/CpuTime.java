package dev.ksim.scaling;

import java.lang.management.ManagementFactory;

/** CPU time of the calling thread: on a shared machine, steadier than wall time. */
public final class CpuTime {
  private CpuTime() {}

  /** Nanoseconds of CPU the calling thread has used. */
  public static long ofThisThread() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
