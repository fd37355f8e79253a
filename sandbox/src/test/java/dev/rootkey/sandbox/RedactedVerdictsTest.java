package dev.rootkey.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code alert} prints of an answer that may echo tokens: never a whole token. */
class RedactedVerdictsTest {

  @Test
  void aTokenTooShortToShowAQuarterOfIsShownAsDotsOnly() {
    assertThat(RedactedVerdicts.shown("abc")).isEqualTo("...");
    assertThat(RedactedVerdicts.shown("")).isEqualTo("...");
    assertThat(RedactedVerdicts.shown("not_ours_but_long")).isEqualTo("not_...");
  }

  @Test
  void anAnswerThatIsNotAListOfVerdictsIsNotShown() {
    String token = "rk_4xY2someTokenEchoedBack";
    assertThat(RedactedVerdicts.of(200, "{\"echo\":\"" + token + "\"}", 1))
        .isEqualTo("200 (the answer is not a list of verdicts: not shown)");
    assertThat(RedactedVerdicts.of(200, "echo " + token, 1))
        .isEqualTo("200 (the answer is not JSON: not shown)");
  }

  @Test
  void anAnswerWithoutABodySaysHowManyTokensWereSent() {
    assertThat(RedactedVerdicts.of(204, "", 2))
        .isEqualTo("204 taken, no verdicts in the answer (2 tokens sent)");
    assertThat(RedactedVerdicts.of(204, "", 1))
        .isEqualTo("204 taken, no verdicts in the answer (1 token sent)");
  }
}
