package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WebhookConfigAdmissionPortTest {

  @Test
  void theAdmissionEndpointsHaveTheirOwnPort8443ByDefault() {
    WebhookConfig config = WebhookConfig.fromEnvironment(Map.of());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.admissionPort()).isEqualTo(OptionalInt.of(8443));
  }

  @Test
  void theAdmissionPortIsSetOrSwitchedOff() {
    assertThat(WebhookConfig.fromEnvironment(Map.of("ADMISSION_PORT", "9443")).admissionPort())
        .isEqualTo(OptionalInt.of(9443));
    assertThat(WebhookConfig.fromEnvironment(Map.of("ADMISSION_PORT", "off")).admissionPort())
        .isEmpty();
  }

  @Test
  void theAdmissionPortCannotBeThePublicOne() {
    assertThatThrownBy(
            () -> WebhookConfig.fromEnvironment(Map.of("PORT", "8443", "ADMISSION_PORT", "8443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ADMISSION_PORT must differ from PORT (8443)");
  }
}
