package dev.rootkey.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time of each live thread of this JVM at one moment, so that two snapshots tell where a
 * side's CPU went without a profiler: by kind of thread, its name with the numbers dropped
 * ("pool-#-thread-#", "vert.x-eventloop-thread-#"). A thread that starts and ends between two
 * snapshots (one per HTTP response on a small machine) is never seen; that time, with the JVM's own
 * threads (GC, JIT), is what the process spent beyond the groups: {@link #UNSEEN}.
 */
final class ThreadCpu {

  static final String UNSEEN = "unseen: ended threads, GC, JIT";

  static final String OTHERS = "other threads";

  /** Groups under this share of the process's CPU are added up as {@link #OTHERS}. */
  private static final double SMALL = 0.01;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private record Sample(String group, long cpuNanos) {}

  private final Map<Long, Sample> byThread;

  private ThreadCpu(Map<Long, Sample> byThread) {
    this.byThread = byThread;
  }

  static ThreadCpu now() {
    Map<Long, Sample> byThread = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      // null: the thread ended after it was listed; -1: it ended before its time was read.
      long cpu = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        byThread.put(info.getThreadId(), new Sample(group(info.getThreadName()), cpu));
      }
    }
    return new ThreadCpu(byThread);
  }

  static String group(String threadName) {
    return threadName.replaceAll("\\d+", "#");
  }

  /**
   * CPU milliseconds by group since {@code earlier}, largest first, with {@link #UNSEEN} the rest
   * of {@code processCpuNanos}, what the whole process spent over a window that holds both
   * snapshots. A thread new since {@code earlier} counts from its start.
   */
  Map<String, Long> msSince(ThreadCpu earlier, long processCpuNanos) {
    Map<String, Long> nanos = new HashMap<>();
    long seen = 0;
    for (Map.Entry<Long, Sample> thread : byThread.entrySet()) {
      Sample before = earlier.byThread.get(thread.getKey());
      long spent = thread.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos());
      nanos.merge(thread.getValue().group(), spent, Long::sum);
      seen += spent;
    }
    Map<String, Long> ms = new LinkedHashMap<>();
    long others = 0;
    for (Map.Entry<String, Long> group :
        nanos.entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
            .toList()) {
      if (group.getValue() < SMALL * processCpuNanos) {
        others += group.getValue();
      } else {
        ms.put(group.getKey(), group.getValue() / 1_000_000);
      }
    }
    ms.put(OTHERS, others / 1_000_000);
    ms.put(UNSEEN, Math.max(0, processCpuNanos - seen) / 1_000_000);
    return ms;
  }
}
