package dev.rootkey.operator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts (a packaged jar, a server), ended with its descendants when the test
 * closes it and, should the test JVM exit first, by a shutdown hook: a failed run leaves nothing
 * behind. Shared with the scanner-webhook's and the sandbox's tests through this module's test jar.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long SIGTERM has before SIGKILL follows. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final Thread onExit;

  private ChildProcess(Process process) {
    this.process = process;
    this.onExit = new Thread(() -> end(process), "end-" + process.pid());
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  public static ChildProcess start(ProcessBuilder builder) throws IOException {
    return new ChildProcess(builder.start());
  }

  public Process process() {
    return process;
  }

  /** SIGTERM, as a pod's kubelet sends it; nothing waits: the test waits for what it expects. */
  public void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    end(process);
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs (or ran) anyway.
    }
  }

  /**
   * SIGTERM, then SIGKILL after {@link #GRACE}; descendants are listed first, as they outlive it.
   */
  private static void end(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
