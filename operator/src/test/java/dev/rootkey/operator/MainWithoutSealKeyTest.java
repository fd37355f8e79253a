package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.RecordSeal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's Main, run as its own JVM as a pod runs it, but without the record seal key. */
class MainWithoutSealKeyTest {

  @TempDir Path work;

  @Test
  void theOperatorRefusesToStartWithoutTheSealKeyWithOneLineNamingTheVariable() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("output.txt").toFile());
    builder.environment().remove(RecordSeal.VARIABLE);
    // Nowhere to connect to: had it gone on, it would keep waiting for an API server.
    builder.environment().put("KUBECONFIG", "/nonexistent");
    builder.environment().put("HTTP_PORT", "0");
    Process process = builder.start();
    // A JVM start, with room for a loaded machine; one that went on running has not refused.
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8);

    assertThat(exited).as("exited, with output:%n%s", output).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains("ERROR")
        .contains("ROOTKEY_RECORD_SEAL_KEY is not set")
        .doesNotContain("\tat ");
  }
}
