package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
    assertThat(ms.get(ThreadCpu.UNSEEN)).isGreaterThanOrEqualTo(190L);
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
    Map<String, Long> ms = ThreadCpu.now().msSince(first, processCpuNanos() - processBefore);
    done.countDown();
    worker.join();

    assertThat(ms.get("burner-#")).isBetween(140L, 300L);
    long named = ms.values().stream().mapToLong(Long::longValue).sum();
    assertThat(named).isLessThanOrEqualTo((processCpuNanos() - processBefore) / 1_000_000 + 1);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Spends {@code ms} of this thread's CPU time, however busy the machine is. */
  private static void burnCpuMs(long ms) {
    long until = THREADS.getCurrentThreadCpuTime() + ms * 1_000_000;
    long sink = 0;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 10_000; i++) {
        sink += i * 31L ^ sink;
      }
    }
    if (sink == 42) {
      System.out.print("");
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
