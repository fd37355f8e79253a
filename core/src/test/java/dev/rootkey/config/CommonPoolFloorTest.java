package dev.rootkey.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The common pool's size is fixed when a JVM first uses it, so each case runs {@link
 * CommonPoolProbe} in a JVM of its own, told how many processors it has.
 */
class CommonPoolFloorTest {

  @Test
  void oneOrTwoProcessorsGetTwoThreadsInsteadOfOne() throws Exception {
    assertThat(commonPoolParallelism(1)).isEqualTo(2);
    assertThat(commonPoolParallelism(2)).isEqualTo(2);
  }

  @Test
  void largerMachinesKeepTheJdksOwnSize() throws Exception {
    assertThat(commonPoolParallelism(4)).isEqualTo(3);
  }

  @Test
  void aSizeSetByTheUserIsKept() throws Exception {
    assertThat(commonPoolParallelism(2, "-D" + CommonPoolFloor.PROPERTY + "=1")).isEqualTo(1);
  }

  private static int commonPoolParallelism(int processors, String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:ActiveProcessorCount=" + processors);
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), CommonPoolProbe.class.getName()));
    Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(probe.exitValue()).as(output).isZero();
    return Integer.parseInt(output.strip());
  }
}
