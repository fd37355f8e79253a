package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@link KeyEvents} from one background thread, in the order they were emitted, so that a
 * reconcile never waits for an Event write: as client-go's event recorder does, since an Event is a
 * report about a key operation, not part of it. Nothing is dropped: when the queue is full, the
 * emitting thread records the Event itself, which slows reconciles down instead.
 */
public class AsyncKeyEvents implements KeyEvents {

  private static final Logger log = LoggerFactory.getLogger(AsyncKeyEvents.class);

  /** Room for a burst of thousands of issuances (each waiting Event holds its RootKey). */
  private static final int QUEUE = 20_000;

  private final KeyEvents delegate;
  private final ThreadPoolExecutor writer;

  public AsyncKeyEvents(KeyEvents delegate) {
    this.delegate = delegate;
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
  public void normal(RootKey rootKey, String reason, String message) {
    writer.execute(() -> record(reason, () -> delegate.normal(rootKey, reason, message)));
  }

  @Override
  public void warning(RootKey rootKey, String reason, String message) {
    writer.execute(() -> record(reason, () -> delegate.warning(rootKey, reason, message)));
  }

  private static void record(String reason, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      // Best effort, as Events are in Kubernetes: e.g. the client closed while Events waited.
      log.warn("Could not record event {}: {}", reason, e.toString());
    }
  }
}
