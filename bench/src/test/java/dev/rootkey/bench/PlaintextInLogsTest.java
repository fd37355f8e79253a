package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.KeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaintextInLogsTest {

  @TempDir Path logs;

  private final KeyGenerator keys = new KeyGenerator(new SecureRandom());

  @Test
  void aKeyOrItsBase64AnywhereInALineIsFoundAndReportedWithoutTheKey() throws Exception {
    String plain = keys.generate("rk").token();
    String encoded = keys.generate("rk").token();
    String glued = keys.generate("rk").token();
    String never = keys.generate("rk").token();
    Path operator = logs.resolve("operator.log");
    Files.writeString(
        operator,
        "INFO issued\n"
            + "DEBUG body={\"key\":\""
            + plain
            + "\"}\n"
            + "DEBUG data: {ROOT_KEY: "
            + Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.UTF_8))
            + "}\n"
            + "TRACE secret_"
            + glued
            + " done\n");

    List<String> violations =
        PlaintextInLogs.violations(
            List.of(operator, logs.resolve("absent.log")), List.of(plain, encoded, glued, never));

    assertThat(violations)
        .containsExactly(
            "operator.log:2 holds a key (" + plain.substring(0, 8) + "...)",
            "operator.log:3 holds a key's base64 ("
                + Base64.getEncoder()
                    .encodeToString(encoded.getBytes(StandardCharsets.UTF_8))
                    .substring(0, 8)
                + "...)",
            "operator.log:4 holds a key (secret_r...)");
    assertThat(String.join("\n", violations)).doesNotContain(plain, encoded, glued);
  }

  @Test
  void aLogWithoutKeysHasNoViolation() throws Exception {
    Path log = logs.resolve("webhook.log");
    Files.writeString(log, "INFO verified key_01HZX sha256=" + "ab".repeat(32) + "\n");

    assertThat(PlaintextInLogs.violations(List.of(log), List.of(keys.generate("rk").token())))
        .isEmpty();
  }
}
