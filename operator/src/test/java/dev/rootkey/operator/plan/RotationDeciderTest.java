package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotationDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private final RotationDecider decider = new RotationDecider();
  private final RotationPolicy policy = StatusPlannerTest.policy("1h", "15m", null, 10);

  @Test
  void aNewRotateValueRotatesOnceWithTheSpecGraceOrTheAnnotationsGrace() {
    RootKeyStatus status = scheduledAt("2026-11-22T11:00:00Z");
    assertThat(decider.due(Map.of(RotationAnnotations.ROTATE, "a"), status, policy, NOW))
        .contains(
            new RotationRequest(IssueTrigger.Manual, "15m", Optional.of("a"), Optional.empty()));
    assertThat(
            decider.due(
                Map.of(RotationAnnotations.ROTATE, "b", RotationAnnotations.ROTATE_GRACE, "0s"),
                status,
                policy,
                NOW))
        .contains(
            new RotationRequest(IssueTrigger.Manual, "0s", Optional.of("b"), Optional.empty()));
  }

  @Test
  void aGraceOverrideAlreadyAccountedForIsSpentAndTheSpecGraceApplies() {
    RootKeyStatus status = scheduledAt("2026-11-22T11:00:00Z");
    status.setLastRotateRequest("a");
    // Used by rotation "a" (or re-applied since): rotation "b" does not use it again.
    status.setLastRotateGrace("0s");
    Map<String, String> leftOver =
        Map.of(RotationAnnotations.ROTATE, "b", RotationAnnotations.ROTATE_GRACE, "0s");
    assertThat(decider.due(leftOver, status, policy, NOW))
        .contains(
            new RotationRequest(IssueTrigger.Manual, "15m", Optional.of("b"), Optional.empty()));
    // A value set with the new rotate value is an override again.
    Map<String, String> fresh =
        Map.of(RotationAnnotations.ROTATE, "b", RotationAnnotations.ROTATE_GRACE, "5m");
    assertThat(decider.due(fresh, status, policy, NOW))
        .contains(
            new RotationRequest(IssueTrigger.Manual, "5m", Optional.of("b"), Optional.empty()));
  }

  @Test
  void theRequestNamesWhoTheAdmissionWebhookSaysAskedForIt() {
    RootKeyStatus status = scheduledAt("2026-11-22T11:00:00Z");
    assertThat(
            decider.due(
                Map.of(
                    RotationAnnotations.ROTATE,
                    "c",
                    RotationAnnotations.ROTATE_REQUESTED_BY,
                    "alice@example.com"),
                status,
                policy,
                NOW))
        .contains(
            new RotationRequest(
                IssueTrigger.Manual, "15m", Optional.of("c"), Optional.of("alice@example.com")));
  }

  @Test
  void aHandledValueReappliedOrStrippedNeverRotatesAgain() {
    RootKeyStatus status = scheduledAt("2026-11-22T11:00:00Z");
    status.setLastRotateRequest("a");
    assertThat(decider.due(Map.of(RotationAnnotations.ROTATE, "a"), status, policy, NOW)).isEmpty();
    assertThat(decider.due(Map.of(), status, policy, NOW)).isEmpty();
    assertThat(decider.due(Map.of(RotationAnnotations.ROTATE, " "), status, policy, NOW)).isEmpty();
  }

  @Test
  void aScheduledRotationIsDueAtItsInstantAndOnlyOnceAfterDowntime() {
    RootKeyStatus status = scheduledAt("2026-11-22T10:00:00Z");
    assertThat(decider.due(Map.of(), status, policy, NOW.minusMillis(1))).isEmpty();
    assertThat(decider.due(Map.of(), status, policy, NOW))
        .contains(RotationRequest.of(IssueTrigger.Scheduled, "15m"));
    // Three periods missed while the operator was down: still one request; the planner then
    // schedules the next one an interval after this rotation.
    assertThat(decider.due(Map.of(), status, policy, NOW.plusSeconds(3 * 3600)))
        .contains(RotationRequest.of(IssueTrigger.Scheduled, "15m"));
  }

  @Test
  void afterAMissedRotationTheNextIsPlannedFromTheRotationNotFromTheMissedSlot() {
    RotationPolicy hourly = StatusPlannerTest.policy("1h", "15m", null, 10);
    RootKeyStatus status = new RootKeyStatus();
    status.setLastRotationAt("2026-11-22T13:05:00Z"); // the late rotation after downtime
    assertThat(RotationSchedule.scheduled(status, hourly).getNextRotationAt())
        .isEqualTo("2026-11-22T14:05:00Z");
  }

  private static RootKeyStatus scheduledAt(String next) {
    RootKeyStatus status = new RootKeyStatus();
    status.setNextRotationAt(next);
    return status;
  }
}
