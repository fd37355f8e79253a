package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.webhook.http.RequestLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigLimitsTest {

  @Test
  void requestBodiesAreLimitedToFiveMiBAndFiveSecondsByDefault() {
    assertThat(WebhookConfig.fromEnvironment(Map.of()).requestLimits())
        .isEqualTo(new RequestLimits(5L * 1024 * 1024, Duration.ofSeconds(5)));
  }

  @Test
  void bothLimitsComeFromTheEnvironment() {
    WebhookConfig config =
        WebhookConfig.fromEnvironment(
            Map.of("MAX_REQUEST_BYTES", "65536", "REQUEST_READ_TIMEOUT_SECONDS", "2"));

    assertThat(config.requestLimits()).isEqualTo(new RequestLimits(65536, Duration.ofSeconds(2)));
  }
}
