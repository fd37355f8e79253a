package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long PROCESS_CLOCK_TICK_MS = 10;

  @Test
  void groupsThreadsByTheirNamesWithoutNumbers() {
    assertThat(ThreadCpu.group("pool-12-thread-3")).isEqualTo("pool-#-thread-#");
    assertThat(ThreadCpu.group("vert.x-eventloop-thread-0")).isEqualTo("vert.x-eventloop-thread-#");
    assertThat(ThreadCpu.group("rootkey-events")).isEqualTo("rootkey-events");
  }

  @Test
  void countsThreadsThatEndedBetweenSnapshotsAsUnseen() throws Exception {
    long processBefore = processCpuNanos();
    ThreadCpu first = ThreadCpu.now();
    Thread shortLived = new Thread(() -> burnCpuMs(200), "short-lived-1");
    shortLived.start();
    shortLived.join();
    Map<String, Long> ms = ThreadCpu.now().msSince(first, processCpuNanos() - processBefore);

    assertThat(ms).doesNotContainKey("short-lived-#");
    // Its 200 ms, less a clock tick of the process's CPU time and what the snapshots cost.
    assertThat(ms.get(ThreadCpu.UNSEEN)).isGreaterThanOrEqualTo(200 - PROCESS_CLOCK_TICK_MS - 10);
  }

  @Test
  void attributesTheCpuOfLiveThreadsToTheirGroup() throws Exception {
    CountDownLatch warmedUp = new CountDownLatch(1);
    CountDownLatch measuring = new CountDownLatch(1);
    CountDownLatch measured = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread worker =
        new Thread(
            () -> {
              // Spent before the first snapshot: must not count.
              burnCpuMs(400);
              warmedUp.countDown();
              await(measuring);
              burnCpuMs(150);
              measured.countDown();
              await(done);
            },
            "burner-7");
    worker.start();
    warmedUp.await();

    long processBefore = processCpuNanos();
    ThreadCpu first = ThreadCpu.now();
    measuring.countDown();
    measured.await();
    ThreadCpu second = ThreadCpu.now();
    long processNanos = processCpuNanos() - processBefore;
    Map<String, Long> ms = second.msSince(first, processNanos);
    done.countDown();
    worker.join();

    assertThat(ms.get("burner-#")).isBetween(140L, 300L);
    // Groups and the unseen rest add up to the process's CPU, each rounded down to the ms. The
    // JVM counts the process's CPU in clock ticks (10 ms on Linux), a thread's in nanoseconds.
    long all = ms.values().stream().mapToLong(Long::longValue).sum();
    long processMs = processNanos / 1_000_000;
    assertThat(all).isBetween(processMs - ms.size(), processMs + PROCESS_CLOCK_TICK_MS);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Spends {@code ms} of this thread's CPU time, however busy the machine is. */
  private static void burnCpuMs(long ms) {
    long until = THREADS.getCurrentThreadCpuTime() + ms * 1_000_000;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
