package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.RecordSeal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scanner-webhook's Main, run as its own JVM as a pod runs it, but without the record seal key.
 */
class MainWithoutSealKeyTest {

  // A JVM start, with room for a loaded machine: only a hang takes this long.
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theWebhookRefusesToStartWithoutTheSealKeyWithOneLineNamingTheVariable() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true);
    builder.environment().remove(RecordSeal.VARIABLE);
    // Nowhere to connect to: had it gone on, it would fail on the API server instead.
    builder.environment().put("KUBECONFIG", "/nonexistent");
    builder.environment().put("PORT", "0");
    Process process = builder.start();
    String output = read(process);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains("ERROR")
        .contains("ROOTKEY_RECORD_SEAL_KEY is not set")
        .doesNotContain("\tat ");
  }

  private static String read(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
