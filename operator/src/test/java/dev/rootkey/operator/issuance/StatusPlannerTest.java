package dev.rootkey.operator.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.api.model.Condition;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusPlannerTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00.123456Z");
  private static final Instant LATER = Instant.parse("2026-11-22T11:30:00Z");

  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @Test
  void aPendingRecordHoldsTheHashAndStartButNeverTheKey() {
    GeneratedKey key = generator.generate("rk");
    RootKeyStatus status = plannerAt(ISSUED).withPending(new RootKeyStatus(), key);

    KeyRecord record = status.getKeys().get(0);
    assertThat(record.getState()).isEqualTo(KeyState.Pending);
    assertThat(record.getHash()).isEqualTo(key.hash());
    assertThat(record.getStart()).isEqualTo(key.start());
    assertThat(record.getCreatedAt()).isEqualTo("2026-11-22T10:00:00.123Z");
    assertThat(dev.rootkey.operator.TestJson.json(status)).doesNotContain(key.token());
  }

  @Test
  void activationMakesThePendingKeyCurrentAndRevokesTheOneItReplaces() {
    GeneratedKey first = generator.generate("rk");
    GeneratedKey second = generator.generate("rk");
    StatusPlanner atIssue = plannerAt(ISSUED);
    RootKeyStatus one =
        atIssue.activated(
            atIssue.withPending(new RootKeyStatus(), first), first.id(), KeyReason.SecretLost, 1);

    StatusPlanner later = plannerAt(LATER);
    RootKeyStatus two =
        later.activated(later.withPending(one, second), second.id(), KeyReason.SecretLost, 1);

    assertThat(two.getCurrentKeyId()).isEqualTo(second.id());
    assertThat(two.getCurrentKeyStart()).isEqualTo(second.start());
    assertThat(two.getPhase()).isEqualTo(Phase.Active);
    assertThat(two.getKeys()).extracting(KeyRecord::getId).containsExactly(second.id(), first.id());
    KeyRecord replaced = two.getKeys().get(1);
    assertThat(replaced.getState()).isEqualTo(KeyState.Revoked);
    assertThat(replaced.getReason()).isEqualTo(KeyReason.SecretLost);
    assertThat(replaced.getRevokedAt()).isEqualTo("2026-11-22T11:30:00Z");
    // The input was not changed: plans are compared with what is stored.
    assertThat(one.getKeys())
        .singleElement()
        .extracting(KeyRecord::getState)
        .isEqualTo(KeyState.Active);
  }

  @Test
  void readyKeepsTheTransitionTimeWhileTheConditionHolds() {
    GeneratedKey key = generator.generate("rk");
    StatusPlanner atIssue = plannerAt(ISSUED);
    RootKeyStatus ready =
        atIssue.activated(
            atIssue.withPending(new RootKeyStatus(), key), key.id(), KeyReason.SecretLost, 3);

    RootKeyStatus again = plannerAt(LATER).ready(ready, 3);

    assertThat(again).isEqualTo(ready);
    Condition condition = again.getConditions().get(0);
    assertThat(condition.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00.123Z");
    assertThat(condition.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void failureFlipsReadyAndRecordsWhenItHappened() {
    GeneratedKey key = generator.generate("rk");
    StatusPlanner atIssue = plannerAt(ISSUED);
    RootKeyStatus ready =
        atIssue.activated(
            atIssue.withPending(new RootKeyStatus(), key), key.id(), KeyReason.SecretLost, 1);

    RootKeyStatus failed = plannerAt(LATER).failed(ready, "InvalidSpec", "spec.prefix ...", 2);

    assertThat(failed.getPhase()).isEqualTo(Phase.Failed);
    assertThat(failed.getObservedGeneration()).isEqualTo(2L);
    assertThat(failed.getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("InvalidSpec");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-22T11:30:00Z");
            });
  }

  @Test
  void forgettingAPendingKeyKeepsEveryOtherRecord() {
    GeneratedKey first = generator.generate("rk");
    StatusPlanner planner = plannerAt(ISSUED);
    RootKeyStatus active =
        planner.activated(
            planner.withPending(new RootKeyStatus(), first), first.id(), KeyReason.SecretLost, 1);
    RootKeyStatus withPending = planner.withPending(active, generator.generate("rk"));

    assertThat(planner.withoutPending(withPending)).isEqualTo(active);
  }

  private static StatusPlanner plannerAt(Instant instant) {
    return new StatusPlanner(Clock.fixed(instant, ZoneOffset.UTC));
  }
}
