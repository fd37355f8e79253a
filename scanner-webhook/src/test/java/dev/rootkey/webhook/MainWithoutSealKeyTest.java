package dev.rootkey.webhook;

import dev.rootkey.operator.MainRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner-webhook's Main, run as its own JVM as a pod runs it, but without the record seal key.
 */
class MainWithoutSealKeyTest {

  @TempDir Path work;

  @Test
  void theWebhookRefusesToStartWithoutTheSealKeyWithOneLineNamingTheVariable() throws Exception {
    MainRun.withoutSealKey(work, Main.class, Map.of("PORT", "0"))
        .assertRefusedToStartSaying("ROOTKEY_RECORD_SEAL_KEY is not set");
  }
}
