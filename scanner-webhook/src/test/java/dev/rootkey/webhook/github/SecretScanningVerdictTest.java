package dev.rootkey.webhook.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretScanningVerdictTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void verdictsSerialiseExactlyAsGitHubExpectsWithAPlainObjectMapper() throws Exception {
    List<SecretScanningVerdict> answer =
        List.of(
            new SecretScanningVerdict(
                "rk_a", "rootkey_root_key", SecretScanningLabel.TRUE_POSITIVE),
            new SecretScanningVerdict("other", "some_type", SecretScanningLabel.FALSE_POSITIVE));

    assertThat(json.writeValueAsString(answer))
        .isEqualTo(
            "[{\"token_raw\":\"rk_a\",\"token_type\":\"rootkey_root_key\","
                + "\"label\":\"true_positive\"},"
                + "{\"token_raw\":\"other\",\"token_type\":\"some_type\","
                + "\"label\":\"false_positive\"}]");
  }

  @Test
  void aVerdictEchoesTheTokenAndTypeExactlyAsReceived() {
    SecretScanningMatch match =
        new SecretScanningMatch(" tok ", "Some_Type", Optional.of(" url"), Optional.empty());

    assertThat(SecretScanningVerdict.of(match, SecretScanningLabel.FALSE_POSITIVE))
        .isEqualTo(
            new SecretScanningVerdict(" tok ", "Some_Type", SecretScanningLabel.FALSE_POSITIVE));
  }

  @Test
  void aVerdictNeverShowsItsTokenWhenPrinted() {
    assertThat(
            new SecretScanningVerdict("rk_secret", "t", SecretScanningLabel.TRUE_POSITIVE)
                .toString())
        .doesNotContain("rk_secret")
        .contains("TRUE_POSITIVE");
  }
}
