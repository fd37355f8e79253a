package dev.rootkey.webhook.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreSharedTokenTest {

  private final PreSharedToken token = new PreSharedToken("s3cret-token");

  @Test
  void onlyTheExactTokenIsAccepted() {
    assertThat(token.isCarriedBy("s3cret-token")).isTrue();
    assertThat(token.isCarriedBy(null)).isFalse();
    assertThat(token.isCarriedBy("")).isFalse();
    assertThat(token.isCarriedBy("s3cret-toke")).isFalse();
    assertThat(token.isCarriedBy("s3cret-token ")).isFalse();
    assertThat(token.isCarriedBy("S3CRET-TOKEN")).isFalse();
  }

  @Test
  void aBlankTokenIsRefusedSoThatAnEmptyHeaderNeverAuthenticates() {
    assertThatThrownBy(() -> new PreSharedToken(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsTextNeverShowsTheToken() {
    assertThat(token.toString()).doesNotContain("s3cret");
  }
}
