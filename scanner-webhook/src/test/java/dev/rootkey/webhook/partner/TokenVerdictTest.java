package dev.rootkey.webhook.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerdictTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void verdictsSerialiseExactlyAsGitHubExpectsWithAPlainObjectMapper() throws Exception {
    List<TokenVerdict> answer =
        List.of(
            new TokenVerdict("rk_a", "rootkey_root_key", VerdictLabel.TRUE_POSITIVE),
            new TokenVerdict("other", "some_type", VerdictLabel.FALSE_POSITIVE));

    assertThat(json.writeValueAsString(answer))
        .isEqualTo(
            "[{\"token_raw\":\"rk_a\",\"token_type\":\"rootkey_root_key\","
                + "\"label\":\"true_positive\"},"
                + "{\"token_raw\":\"other\",\"token_type\":\"some_type\","
                + "\"label\":\"false_positive\"}]");
  }

  @Test
  void aVerdictEchoesTheTokenAndTypeExactlyAsReceived() {
    ReportedToken match =
        new ReportedToken(" tok ", "Some_Type", Optional.of(" url"), Optional.empty());

    assertThat(TokenVerdict.of(match, VerdictLabel.FALSE_POSITIVE))
        .isEqualTo(new TokenVerdict(" tok ", "Some_Type", VerdictLabel.FALSE_POSITIVE));
  }

  @Test
  void aVerdictNeverShowsItsTokenWhenPrinted() {
    assertThat(new TokenVerdict("rk_secret", "t", VerdictLabel.TRUE_POSITIVE).toString())
        .doesNotContain("rk_secret")
        .contains("TRUE_POSITIVE");
  }
}
