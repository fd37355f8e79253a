package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.active;
import static dev.rootkey.bench.ChaosHistories.answer;
import static dev.rootkey.bench.ChaosHistories.at;
import static dev.rootkey.bench.ChaosHistories.expired;
import static dev.rootkey.bench.ChaosHistories.expiring;
import static dev.rootkey.bench.ChaosHistories.hash;
import static dev.rootkey.bench.ChaosHistories.revoked;
import static dev.rootkey.bench.ChaosHistories.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedKeysKeptTest {

  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Set<String> VERIFIED = Set.of(hash("a"), hash("b"));

  @Test
  void aRotationWhoseOldKeyExpiresAfterItsGraceIsNoViolation() {
    List<ChaosStatus> history =
        List.of(
            status(1, "rk-1", active("a")),
            status(5, "rk-1", active("b"), expiring("a", 15, KeyReason.Manual)),
            status(16, "rk-1", active("b"), expired("a", 15)),
            status(30, "rk-1", active("b")));

    assertThat(VerifiedKeysKept.statusViolations(history, VERIFIED, Set.of(), MARGIN, 10))
        .isEmpty();
  }

  @Test
  void aVerifiedKeyDroppedExpiredEarlyOrRevokedWithoutALeakIsReported() {
    List<ChaosStatus> dropped =
        List.of(
            status(1, "rk-1", active("b"), expiring("a", 60, KeyReason.Manual)),
            status(5, "rk-1", active("b")));
    List<ChaosStatus> expiredEarly =
        List.of(
            status(1, "rk-2", active("b"), expiring("a", 60, KeyReason.Manual)),
            status(5, "rk-2", active("b"), expired("a", 60)));
    List<ChaosStatus> revokedUnleaked =
        List.of(status(1, "rk-3", active("a")), status(5, "rk-3", revoked("a", KeyReason.Manual)));

    assertThat(VerifiedKeysKept.statusViolations(dropped, VERIFIED, Set.of(), MARGIN, 10))
        .containsExactly(
            "key a of RootKey rk-1 left the status at 1970-01-01T00:00:05Z while Expiring until"
                + " 1970-01-01T00:01:00Z");
    assertThat(VerifiedKeysKept.statusViolations(expiredEarly, VERIFIED, Set.of(), MARGIN, 10))
        .singleElement()
        .asString()
        .contains("was Expired at 1970-01-01T00:00:05Z before 1970-01-01T00:01:00Z");
    assertThat(VerifiedKeysKept.statusViolations(revokedUnleaked, VERIFIED, Set.of(), MARGIN, 10))
        .singleElement()
        .asString()
        .contains("Revoked (Manual)", "without a leak");
    assertThat(
            VerifiedKeysKept.statusViolations(
                revokedUnleaked, VERIFIED, Set.of(hash("a")), MARGIN, 10))
        .as("a key the harness reported leaked")
        .isEmpty();
  }

  @Test
  void anActiveKeyMissingFromAFullHistoryMayHaveExpiredUnseen() {
    List<ChaosStatus> history =
        List.of(status(1, "rk-1", active("a")), status(90, "rk-1", active("c"), expired("b", 80)));

    assertThat(VerifiedKeysKept.statusViolations(history, VERIFIED, Set.of(), MARGIN, 2)).isEmpty();
    assertThat(VerifiedKeysKept.statusViolations(history, VERIFIED, Set.of(), MARGIN, 3))
        .singleElement()
        .asString()
        .contains("key a of RootKey rk-1 left the status", "while Active");
  }

  @Test
  void aKeyThatStopsVerifyingBeforeItsExpiryIsReportedUnlessItVerifiesAgainSoon() {
    List<ChaosStatus> history =
        List.of(
            status(1, "rk-1", active("a")),
            status(5, "rk-1", active("b"), expiring("a", 60, KeyReason.Manual)));
    List<VerifyAnswer> lagging =
        List.of(
            answer(2, "rk-1", "a", "VALID"),
            answer(10, "rk-1", "a", "NOT_FOUND"),
            answer(12, "rk-1", "a", "VALID"));
    List<VerifyAnswer> lost =
        List.of(answer(2, "rk-1", "a", "VALID"), answer(10, "rk-1", "a", "EXPIRED"));
    List<VerifyAnswer> afterItsExpiry =
        List.of(answer(2, "rk-1", "a", "VALID"), answer(61, "rk-1", "a", "EXPIRED"));

    assertThat(
            VerifiedKeysKept.answerViolations(lagging, history, Set.of(), MARGIN, SETTLE, at(200)))
        .isEmpty();
    assertThat(VerifiedKeysKept.answerViolations(lost, history, Set.of(), MARGIN, SETTLE, at(200)))
        .singleElement()
        .asString()
        .contains("key a of RootKey rk-1 answered EXPIRED at 1970-01-01T00:00:10Z")
        .contains("Expiring until 1970-01-01T00:01:00Z");
    assertThat(VerifiedKeysKept.answerViolations(lost, history, Set.of(), MARGIN, SETTLE, at(20)))
        .as("not judged before the settle time passed")
        .isEmpty();
    assertThat(
            VerifiedKeysKept.answerViolations(
                afterItsExpiry, history, Set.of(), MARGIN, SETTLE, at(200)))
        .isEmpty();
  }
}
