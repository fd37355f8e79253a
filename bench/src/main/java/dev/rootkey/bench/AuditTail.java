package dev.rootkey.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the API server's audit log (written before each response, the policy keeping only RootKey
 * status and Secret writes) so that the killer can strike right after a write: {@link
 * #awaitNextWrite} returns as soon as a line appended after the call has been read.
 */
final class AuditTail implements AutoCloseable {

  /** Logs RootKey status and Secret writes at Metadata level, nothing else. */
  static final String POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
      - level: Metadata
        verbs: [create, update, patch]
        resources:
        - group: rootkey.dev
          resources: [rootkeys/status]
        - group: ""
          resources: [secrets]
      - level: None
      """;

  private final Path log;
  private final AtomicLong writes = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private AuditTail(Path log) {
    this.log = log;
    this.thread = new Thread(this::follow, "audit-tail");
    thread.setDaemon(true);
    thread.start();
  }

  static AuditTail follow(Path log) {
    return new AuditTail(log);
  }

  /** Audited writes read so far. */
  long writes() {
    return writes.get();
  }

  /**
   * Waits for the next audited write; true as soon as its line was read (within a millisecond or so
   * of the API server writing it), false if none came within {@code timeout}.
   */
  boolean awaitNextWrite(Duration timeout) throws InterruptedException {
    long seen = writes.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (writes.get() == seen) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
      Thread.sleep(0, 100_000);
    }
    return true;
  }

  private void follow() {
    byte[] buffer = new byte[64 * 1024];
    RandomAccessFile file = null;
    while (running) {
      try {
        if (file == null && Files.exists(log)) {
          file = new RandomAccessFile(log.toFile(), "r");
        }
        int read;
        while (file != null && (read = file.read(buffer)) > 0) {
          writes.addAndGet(lines(buffer, read));
        }
        Thread.sleep(1);
      } catch (IOException e) {
        // Unreadable for a moment: read on from where it was on the next turn.
      } catch (InterruptedException e) {
        break;
      }
    }
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // Only read from: nothing is lost.
    }
  }

  /** Each audit event is one JSON line; only writes are logged, so every line counts. */
  private static long lines(byte[] buffer, int length) {
    long count = 0;
    for (int i = 0; i < length; i++) {
      if (buffer[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
