package dev.rootkey.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's stop on SIGTERM, bounded: its steps run in order in a shutdown hook, and if they have
 * not finished within the deadline the JVM is halted, so a pod ends within its grace period (30 s)
 * whatever state the API server is in. The steps' own timeouts come first; this is the backstop.
 */
public final class BoundedShutdown {

  /** Within a pod's 30 s grace period with room to spare; a clean stop takes well under one. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(BoundedShutdown.class);

  private final String service;
  private final Duration deadline;
  private final AtomicBoolean underway = new AtomicBoolean();

  public BoundedShutdown(String service, Duration deadline) {
    this.service = service;
    this.deadline = deadline;
  }

  /** Stops with these steps, in this order, when the JVM is asked to exit (SIGTERM, Ctrl-C). */
  public void onExit(AutoCloseable... steps) {
    List<AutoCloseable> inOrder = List.of(steps);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run(inOrder), service + "-shutdown"));
  }

  /** True once the stop began: what is lost from then on is lost on purpose. */
  public boolean isUnderway() {
    return underway.get();
  }

  private void run(List<AutoCloseable> steps) {
    underway.set(true);
    Thread watchdog = new Thread(this::haltAfterDeadline, service + "-shutdown-deadline");
    watchdog.setDaemon(true);
    watchdog.start();
    for (AutoCloseable step : steps) {
      try {
        step.close();
      } catch (Exception e) {
        log.warn("{} shutdown: a step failed: {}", service, e.toString());
      }
    }
  }

  private void haltAfterDeadline() {
    try {
      Thread.sleep(deadline.toMillis());
    } catch (InterruptedException e) {
      return;
    }
    log.warn("{} did not stop within {} s: halting", service, deadline.toSeconds());
    Runtime.getRuntime().halt(1);
  }
}
