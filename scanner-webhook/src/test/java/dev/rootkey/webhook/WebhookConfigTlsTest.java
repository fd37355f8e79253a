package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.webhook.tls.TlsConfig;
import dev.rootkey.webhook.tls.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTlsTest {

  @Test
  void withoutCertificateAndKeyThereIsNoTls() {
    assertThat(WebhookConfig.fromEnvironment(Map.of()).tls()).isEmpty();
  }

  @Test
  void certificateAndKeyTurnTlsOnWithTls13AndATenSecondReloadByDefault() {
    WebhookConfig config =
        WebhookConfig.fromEnvironment(
            Map.of("TLS_CERT_FILE", "/etc/rootkey/tls/tls.crt", "TLS_KEY_FILE", "/k/tls.key"));

    assertThat(config.tls())
        .contains(
            new TlsConfig(
                Path.of("/etc/rootkey/tls/tls.crt"),
                Path.of("/k/tls.key"),
                TlsVersion.TLS_1_3,
                Duration.ofSeconds(10)));
  }

  @Test
  void tls12IsAnOptInAndOtherVersionsAreRefused() {
    Map<String, String> files = Map.of("TLS_CERT_FILE", "/c", "TLS_KEY_FILE", "/k");
    Map<String, String> optIn = new HashMap<>(files);
    optIn.put("TLS_MIN_VERSION", "1.2");
    optIn.put("TLS_RELOAD_SECONDS", "3");
    assertThat(WebhookConfig.fromEnvironment(optIn).tls())
        .hasValueSatisfying(
            tls -> {
              assertThat(tls.minVersion().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
              assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(3));
            });

    assertThatThrownBy(() -> WebhookConfig.fromEnvironment(Map.of("TLS_MIN_VERSION", "1.1")))
        .hasMessage("TLS_MIN_VERSION must be 1.3 (default) or 1.2, not '1.1'");
  }

  @Test
  void aCertificateWithoutAKeyIsRefused() {
    assertThatThrownBy(() -> WebhookConfig.fromEnvironment(Map.of("TLS_CERT_FILE", "/c")))
        .hasMessageContaining("only TLS_CERT_FILE is set");
  }
}
