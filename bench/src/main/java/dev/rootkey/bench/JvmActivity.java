package dev.rootkey.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What this JVM has done so far, on all its threads: CPU time, where a side's time went when cores
 * are few, and threads started, each of which costs CPU too.
 */
record JvmActivity(long cpuNanos, long threadsStarted) {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static JvmActivity now() {
    return new JvmActivity(OS.getProcessCpuTime(), THREADS.getTotalStartedThreadCount());
  }

  /** What was done after {@code earlier}. */
  JvmActivity since(JvmActivity earlier) {
    return new JvmActivity(cpuNanos - earlier.cpuNanos, threadsStarted - earlier.threadsStarted);
  }

  long cpuMs() {
    return cpuNanos / 1_000_000;
  }
}
