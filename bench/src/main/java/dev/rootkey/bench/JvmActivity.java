package dev.rootkey.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What this JVM has done so far, on all its threads: CPU time, where a side's time went when cores
 * are few; threads started, each of which costs CPU too; time in garbage collections, which grows
 * with the objects a side keeps (an operator's caches), not only with those it makes; and the time
 * the JIT spent compiling (elapsed, summed over its threads, so not CPU time), which shows whether
 * a round ran steady code or was still warming up.
 */
record JvmActivity(long cpuNanos, long threadsStarted, long gcMs, long jitMs) {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  static JvmActivity now() {
    long gcMs = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMs += Math.max(0, collector.getCollectionTime());
    }
    // Every HotSpot JVM monitors compilation time; another JVM reports none.
    long jitMs =
        JIT != null && JIT.isCompilationTimeMonitoringSupported()
            ? JIT.getTotalCompilationTime()
            : 0;
    return new JvmActivity(
        OS.getProcessCpuTime(), THREADS.getTotalStartedThreadCount(), gcMs, jitMs);
  }

  /** What was done after {@code earlier}. */
  JvmActivity since(JvmActivity earlier) {
    return new JvmActivity(
        cpuNanos - earlier.cpuNanos,
        threadsStarted - earlier.threadsStarted,
        gcMs - earlier.gcMs,
        jitMs - earlier.jitMs);
  }

  long cpuMs() {
    return cpuNanos / 1_000_000;
  }
}
