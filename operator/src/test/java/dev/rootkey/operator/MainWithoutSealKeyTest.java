package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's Main, run as its own JVM as a pod runs it, but without the record seal key. */
class MainWithoutSealKeyTest {

  @TempDir Path work;

  @Test
  void theOperatorRefusesToStartWithoutTheSealKeyWithOneLineNamingTheVariable() throws Exception {
    MainRun run = MainRun.withoutSealKey(work, Main.class, Map.of("HTTP_PORT", "0"));

    assertThat(run.exited()).as("exited, with output:%n%s", run.output()).isTrue();
    assertThat(run.exitValue()).isEqualTo(2);
    assertThat(run.output())
        .contains("ERROR")
        .contains("ROOTKEY_RECORD_SEAL_KEY is not set")
        .doesNotContain("\tat ");
  }
}
