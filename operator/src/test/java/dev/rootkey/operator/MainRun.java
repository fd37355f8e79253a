package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.RecordSeal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's Main run as its own JVM, as a pod runs it, without the record seal key: shared by the
 * operator's and the webhook's tests that it refuses to start.
 *
 * @param exited whether it ended by itself within the wait
 * @param exitValue its exit status (meaningless unless it exited)
 * @param output what it printed, standard output and error together
 */
public record MainRun(boolean exited, int exitValue, String output) {

  /**
   * Runs {@code main} with this test's class path and {@code env} on top of the environment less
   * {@value RecordSeal#VARIABLE}, and waits for it to end; one still running after that is killed.
   */
  public static MainRun withoutSealKey(Path work, Class<?> main, Map<String, String> env)
      throws IOException, InterruptedException {
    Path output = work.resolve("output.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().remove(RecordSeal.VARIABLE);
    // Nowhere to connect to: had it gone on, it would keep waiting for an API server.
    builder.environment().put("KUBECONFIG", "/nonexistent");
    builder.environment().putAll(env);
    Process process = builder.start();
    // A JVM start, with room for a loaded machine; one that went on running has not refused.
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    return new MainRun(
        exited,
        exited ? process.exitValue() : -1,
        Files.readString(output, StandardCharsets.UTF_8));
  }

  /**
   * Checks that it refused to start as a pod's log would show it: it ended by itself with status 2,
   * saying {@code reason} on an ERROR line, without a stack trace.
   */
  public void assertRefusedToStartSaying(String reason) {
    assertThat(exited).as("exited, with output:%n%s", output).isTrue();
    assertThat(exitValue).isEqualTo(2);
    assertThat(output).contains("ERROR").contains(reason).doesNotContain("\tat ");
  }
}
