package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.answer;
import static dev.rootkey.bench.ChaosHistories.hash;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaksAnsweredTest {

  @Test
  void aLeakedKeyThatAnswersRevokedWithAnAnsweredKeyLeakIsNoViolation() {
    List<VerifyAnswer> answers =
        List.of(answer(1, "rk-1", "a", "VALID"), answer(3, "rk-1", "a", "REVOKED"));
    List<LeaksAnswered.Leak> keyLeaks = List.of(new LeaksAnswered.Leak("a", hash("a"), "Revoked"));

    assertThat(LeaksAnswered.violations(Map.of(hash("a"), "rk-1"), answers, keyLeaks)).isEmpty();
  }

  @Test
  void aLeakedKeyValidAgainUnrevokedWithoutKeyLeakOrUnansweredIsReported() {
    List<VerifyAnswer> answers =
        List.of(
            answer(3, "rk-1", "a", "REVOKED"),
            answer(4, "rk-1", "a", "VALID"),
            answer(5, "rk-2", "b", "VALID"));
    List<LeaksAnswered.Leak> keyLeaks =
        List.of(
            new LeaksAnswered.Leak("a", hash("a"), null),
            new LeaksAnswered.Leak("c", hash("c"), null));

    assertThat(
            LeaksAnswered.violations(
                Map.of(hash("a"), "rk-1", hash("b"), "rk-2"), answers, keyLeaks))
        .containsExactlyInAnyOrder(
            "leaked key of RootKey rk-1 (sha256 hash-of-a-01) answered VALID at"
                + " 1970-01-01T00:00:04Z after it had answered REVOKED",
            "KeyLeak a has no answer (status.action)",
            "KeyLeak c has no answer (status.action)",
            "leaked key of RootKey rk-1 (sha256 hash-of-a-01) answers VALID, not REVOKED",
            "leaked key of RootKey rk-2 (sha256 hash-of-b-01) answers VALID, not REVOKED",
            "leaked key of RootKey rk-2 (sha256 hash-of-b-01) has no KeyLeak");
  }

  @Test
  void aLeakedKeyThatExpiredBeforeTheOperatorActedAnswersExpiredOnlyWithAnAlreadyInvalidLeak() {
    List<VerifyAnswer> answers =
        List.of(answer(1, "rk-1", "a", "VALID"), answer(40, "rk-1", "a", "EXPIRED"));

    assertThat(
            LeaksAnswered.violations(
                Map.of(hash("a"), "rk-1"),
                answers,
                List.of(new LeaksAnswered.Leak("a", hash("a"), "AlreadyInvalid"))))
        .isEmpty();
    assertThat(
            LeaksAnswered.violations(
                Map.of(hash("a"), "rk-1"),
                answers,
                List.of(new LeaksAnswered.Leak("a", hash("a"), "Revoked"))))
        .containsExactly(
            "leaked key of RootKey rk-1 (sha256 hash-of-a-01) answers EXPIRED, not REVOKED (its"
                + " KeyLeak's action: Revoked)");
  }
}
