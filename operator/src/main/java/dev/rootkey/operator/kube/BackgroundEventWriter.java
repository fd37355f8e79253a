package dev.rootkey.operator.kube;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends Event writes from one background thread, in the order they were made, so that a reconcile
 * never waits for an Event write: as client-go's event recorder does, since an Event is a report
 * about a key operation, not part of it. Nothing is dropped: when the queue is full, the thread
 * that made the Event writes it itself, which slows reconciles down instead.
 */
public final class BackgroundEventWriter implements Executor {

  private static final Logger log = LoggerFactory.getLogger(BackgroundEventWriter.class);

  /** Room for a burst of thousands of issuances; a waiting write holds only its small Event. */
  private static final int QUEUE = 20_000;

  private final ThreadPoolExecutor writer;

  public BackgroundEventWriter() {
    // One thread keeps the order; it ends when idle, so operators that stop leave no thread.
    writer =
        new ThreadPoolExecutor(
            1,
            1,
            10,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            task -> {
              Thread thread = new Thread(task, "rootkey-events");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    writer.allowCoreThreadTimeOut(true);
  }

  @Override
  public void execute(Runnable write) {
    // The RootKey the caller's log lines name (the SDK's MDC) is named by the write's lines too.
    Map<String, String> context = MDC.getCopyOfContextMap();
    writer.execute(() -> withMdc(context, () -> bestEffort(write)));
  }

  /**
   * Runs {@code task} with {@code context} as the MDC, then restores this thread's own: with the
   * queue full, the caller's thread runs the write itself.
   */
  private static void withMdc(Map<String, String> context, Runnable task) {
    Map<String, String> own = MDC.getCopyOfContextMap();
    setMdc(context);
    try {
      task.run();
    } finally {
      setMdc(own);
    }
  }

  private static void setMdc(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }

  private static void bestEffort(Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      // Best effort, as Events are in Kubernetes: e.g. the client closed while Events waited.
      log.warn("Could not record an event: {}", e.toString());
    }
  }
}
