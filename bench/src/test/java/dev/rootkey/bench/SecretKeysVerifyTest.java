package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.answer;
import static dev.rootkey.bench.ChaosHistories.at;
import static dev.rootkey.bench.ChaosHistories.hash;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretKeysVerifyTest {

  private static final Duration SETTLE = Duration.ofSeconds(30);

  @Test
  void aSecretKeyTheWebhookLearnsOfWithinTheSettleTimeVerifies() {
    List<VerifyAnswer> probes =
        List.of(answer(10, "rk-1", "a", "NOT_FOUND"), answer(12, "rk-1", "a", "VALID"));

    assertThat(SecretKeysVerify.violations(probes, Set.of(), SETTLE, at(100))).isEmpty();
  }

  @Test
  void aSecretKeyThatNeverVerifiesIsReportedWithItsAnswers() {
    List<VerifyAnswer> probes =
        List.of(
            answer(10, "rk-1", "a", "NOT_FOUND"),
            answer(20, "rk-1", "a", "NOT_FOUND"),
            answer(41, "rk-1", "a", "VALID"));

    assertThat(SecretKeysVerify.violations(probes, Set.of(), SETTLE, at(100)))
        .singleElement()
        .asString()
        .contains(
            "RootKey rk-1's Secret", "did not verify within 30 s", "3 answers, the last VALID");
  }

  @Test
  void aLeakedKeyOrOneProbedTooRecentlyIsNotJudged() {
    List<VerifyAnswer> probes =
        List.of(answer(10, "rk-1", "a", "REVOKED"), answer(90, "rk-2", "b", "NOT_FOUND"));

    assertThat(SecretKeysVerify.violations(probes, Set.of(hash("a")), SETTLE, at(100))).isEmpty();
  }
}
