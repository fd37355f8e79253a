package dev.rootkey.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop step that never returns cannot keep a service's JVM alive past the deadline. */
class BoundedShutdownTest {

  @TempDir Path work;

  @Test
  void aServiceWhoseStopHangsIsHaltedAfterTheDeadlineWithOneLineSayingSo() throws Exception {
    Path output = work.resolve("service.out");
    Process service =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StuckService.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(output).contains("running"));

      service.destroy(); // SIGTERM

      // The deadline is 2 s; the rest is room for a loaded machine.
      await().atMost(Duration.ofSeconds(15)).until(() -> !service.isAlive());
      assertThat(Files.readAllLines(output))
          .noneMatch(line -> line.contains("never reached"))
          .filteredOn(line -> line.contains("stuck-service did not stop within 2 s: halting"))
          .hasSize(1);
      assertThat(service.exitValue()).isEqualTo(1);
    } finally {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
