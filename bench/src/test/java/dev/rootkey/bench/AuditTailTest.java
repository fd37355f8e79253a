package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTailTest {

  @TempDir Path folder;

  @Test
  void aWriteAuditedWhileWaitingEndsTheWaitWithTheTimeTheServerFinishedIt() throws Exception {
    Path log = folder.resolve("audit.log");
    AtomicBoolean writing = new AtomicBoolean(true);
    // The API server appends one JSON line per write, split across reads as it comes.
    Thread server =
        new Thread(
            () -> {
              for (int second = 1; writing.get(); second++) {
                String line =
                    "{\"kind\":\"Event\",\"verb\":\"update\",\"stageTimestamp\":\""
                        + Instant.EPOCH.plusSeconds(second)
                        + "\"}\n";
                try {
                  Files.writeString(
                      log,
                      line.substring(0, 20),
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND);
                  Thread.sleep(5);
                  Files.writeString(log, line.substring(20), StandardOpenOption.APPEND);
                  Thread.sleep(20);
                } catch (Exception e) {
                  return;
                }
              }
            });
    try (AuditTail tail = AuditTail.follow(log)) {
      server.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> tail.writes() >= 2);

      Optional<Instant> wrote = tail.awaitNextWrite(Duration.ofSeconds(30));

      assertThat(wrote).isPresent();
      assertThat(wrote.get()).isAfter(Instant.EPOCH.plusSeconds(1));
      assertThat(wrote.get().getNano()).as("a whole line's timestamp, parsed").isZero();
    } finally {
      writing.set(false);
      server.join();
    }
  }

  @Test
  void noWriteWithinTheTimeoutEndsTheWaitEmpty() throws Exception {
    try (AuditTail tail = AuditTail.follow(folder.resolve("audit.log"))) {
      assertThat(tail.awaitNextWrite(Duration.ofMillis(200))).isEmpty();
      assertThat(tail.writes()).isZero();
    }
  }
}
