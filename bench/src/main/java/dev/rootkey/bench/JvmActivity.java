package dev.rootkey.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What this JVM has done so far, on all its threads: CPU time, where a side's time went when cores
 * are few; threads started, each of which costs CPU too; and time in garbage collections, which
 * grows with the objects a side keeps (an operator's caches), not only with those it makes.
 */
record JvmActivity(long cpuNanos, long threadsStarted, long gcMs) {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static JvmActivity now() {
    long gcMs = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMs += Math.max(0, collector.getCollectionTime());
    }
    return new JvmActivity(OS.getProcessCpuTime(), THREADS.getTotalStartedThreadCount(), gcMs);
  }

  /** What was done after {@code earlier}. */
  JvmActivity since(JvmActivity earlier) {
    return new JvmActivity(
        cpuNanos - earlier.cpuNanos, threadsStarted - earlier.threadsStarted, gcMs - earlier.gcMs);
  }

  long cpuMs() {
    return cpuNanos / 1_000_000;
  }
}
