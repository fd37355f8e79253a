package dev.rootkey.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern STAGE_TIMESTAMP = Pattern.compile("\"stageTimestamp\":\"([^\"]+)\"");

  private final Path log;
  private final AtomicLong writes = new AtomicLong();
  private final StringBuilder partial = new StringBuilder();
  private volatile Instant lastWriteAt = Instant.EPOCH;
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
   * Waits for the next audited write; as soon as its line was read (within a millisecond or so of
   * the API server writing it), returns when the API server finished it (its {@code
   * stageTimestamp}); empty if none came within {@code timeout}.
   */
  Optional<Instant> awaitNextWrite(Duration timeout) throws InterruptedException {
    long seen = writes.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (writes.get() == seen) {
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      Thread.sleep(0, 100_000);
    }
    return Optional.of(lastWriteAt);
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
          lines(new String(buffer, 0, read, StandardCharsets.UTF_8));
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
  private void lines(String read) {
    partial.append(read);
    int end;
    while ((end = partial.indexOf("\n")) >= 0) {
      Matcher stage = STAGE_TIMESTAMP.matcher(partial.substring(0, end));
      if (stage.find()) {
        lastWriteAt = Instant.parse(stage.group(1));
      }
      partial.delete(0, end + 1);
      writes.incrementAndGet();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
