package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.TestJson;
import io.fabric8.kubernetes.api.model.Condition;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issuance, rotation, grace and expiry as status transitions, with time pinned. */
class StatusPlannerTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00.123456Z");
  private static final Instant ROTATED = Instant.parse("2026-11-22T11:30:00Z");

  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());
  private final RotationPolicy hourGrace = policy(null, "1h", null, 10);

  @Test
  void aPendingRecordHoldsTheHashAndStartButNeverTheKey() {
    GeneratedKey key = generator.generate("rk");
    RootKeyStatus status =
        plannerAt(ISSUED).withPending(new RootKeyStatus(), key, request(IssueTrigger.Created));

    KeyRecord record = status.getKeys().get(0);
    assertThat(record.getState()).isEqualTo(KeyState.Pending);
    assertThat(record.getHash()).isEqualTo(key.hash());
    assertThat(record.getStart()).isEqualTo(key.start());
    assertThat(record.getCreatedAt()).isEqualTo("2026-11-22T10:00:00.123Z");
    assertThat(status.getIssuing().getTrigger()).isEqualTo(IssueTrigger.Created);
    assertThat(TestJson.json(status)).doesNotContain(key.token());
  }

  @Test
  void rotationKeepsTheReplacedKeyValidForTheGracePeriod() {
    RootKeyStatus one = issued(ISSUED, hourGrace);
    GeneratedKey second = generator.generate("rk");

    RootKeyStatus two = rotate(one, second, ROTATED, request(IssueTrigger.Scheduled), hourGrace);

    assertThat(two.getCurrentKeyId()).isEqualTo(second.id());
    assertThat(two.getCurrentKeyStart()).isEqualTo(second.start());
    assertThat(two.getPhase()).isEqualTo(Phase.Active);
    assertThat(two.getLastRotationAt()).isEqualTo("2026-11-22T11:30:00Z");
    assertThat(two.getIssuing()).isNull();
    KeyRecord replaced = two.getKeys().get(1);
    assertThat(replaced.getState()).isEqualTo(KeyState.Expiring);
    assertThat(replaced.getReason()).isEqualTo(KeyReason.Rotated);
    assertThat(replaced.getExpiresAt()).isEqualTo("2026-11-22T12:30:00Z");
    // The input was not changed: plans are compared with what is stored.
    assertThat(one.getKeys())
        .singleElement()
        .extracting(KeyRecord::getState)
        .isEqualTo(KeyState.Active);
  }

  @Test
  void aGraceOfZeroRevokesTheReplacedKeyAtOnce() {
    RootKeyStatus one = issued(ISSUED, hourGrace);
    RootKeyStatus two =
        rotate(
            one,
            generator.generate("rk"),
            ROTATED,
            new RotationRequest(IssueTrigger.Manual, "0s", Optional.of("now"), Optional.empty()),
            hourGrace);

    KeyRecord replaced = two.getKeys().get(1);
    assertThat(replaced.getState()).isEqualTo(KeyState.Revoked);
    assertThat(replaced.getReason()).isEqualTo(KeyReason.Manual);
    assertThat(replaced.getRevokedAt()).isEqualTo("2026-11-22T11:30:00Z");
    assertThat(two.getLastRotateRequest()).isEqualTo("now");
  }

  @Test
  void noGracePeriodOutlivesTheRootKey() {
    RotationPolicy expiresSoon = policy(null, "24h", "2026-11-22T12:00:00Z", 10);
    RootKeyStatus one = issued(ISSUED, expiresSoon);
    RootKeyStatus two =
        rotate(one, generator.generate("rk"), ROTATED, request(IssueTrigger.Manual), expiresSoon);

    assertThat(two.getKeys().get(1).getExpiresAt()).isEqualTo("2026-11-22T12:00:00Z");
  }

  @Test
  void anExpiringKeyIsValidUntilItsInstantAndExpiredFromIt() {
    RootKeyStatus rotated =
        rotate(
            issued(ISSUED, hourGrace),
            generator.generate("rk"),
            ROTATED,
            request(IssueTrigger.Scheduled),
            hourGrace);
    Instant graceEnd = Instant.parse("2026-11-22T12:30:00Z");

    assertThat(plannerAt(graceEnd.minusMillis(1)).expireDue(rotated).getKeys().get(1).getState())
        .isEqualTo(KeyState.Expiring);
    assertThat(plannerAt(graceEnd).expireDue(rotated).getKeys().get(1).getState())
        .isEqualTo(KeyState.Expired);
  }

  @Test
  void theScheduleFollowsTheLastRotationAndStopsBeforeExpiry() {
    RotationPolicy hourly = policy("1h", "5m", null, 10);
    RootKeyStatus one = issued(ISSUED, hourly);
    assertThat(one.getNextRotationAt()).isEqualTo("2026-11-22T11:00:00.123Z");

    RotationPolicy endsFirst = policy("1h", "5m", "2026-11-22T10:30:00Z", 10);
    assertThat(RotationSchedule.scheduled(one, endsFirst).getNextRotationAt()).isNull();
    assertThat(RotationSchedule.scheduled(one, hourGrace).getNextRotationAt())
        .as("no interval, no schedule")
        .isNull();
  }

  @Test
  void changingTheIntervalMidWayReplansFromTheLastRotation() {
    RootKeyStatus one = issued(ISSUED, policy("24h", "1h", null, 10));
    RootKeyStatus replanned = RotationSchedule.scheduled(one, policy("1h", "1h", null, 10));
    assertThat(replanned.getNextRotationAt()).isEqualTo("2026-11-22T11:00:00.123Z");
  }

  @Test
  void changingTheGraceMidWayAppliesToTheNextRotationNotToKeysAlreadyExpiring() {
    RootKeyStatus one = issued(ISSUED, hourGrace);
    GeneratedKey second = generator.generate("rk");
    StatusPlanner planner = plannerAt(ROTATED);
    // The rotation started with a 1h grace; the spec changes to 5m before it is activated.
    RootKeyStatus pending = planner.withPending(one, second, request(IssueTrigger.Scheduled));
    RootKeyStatus two =
        planner.activated(pending, second.id(), policy(null, "5m", null, 10), 1, Set.of());
    assertThat(two.getKeys().get(1).getExpiresAt()).isEqualTo("2026-11-22T12:30:00Z");

    RootKeyStatus three =
        rotate(
            two,
            generator.generate("rk"),
            ROTATED.plusSeconds(60),
            RotationRequest.of(IssueTrigger.Scheduled, "5m"),
            policy(null, "5m", null, 10));
    assertThat(three.getKeys().get(1).getExpiresAt()).isEqualTo("2026-11-22T11:36:00Z");
    assertThat(three.getKeys().get(2).getExpiresAt())
        .as("the key already Expiring keeps its instant")
        .isEqualTo("2026-11-22T12:30:00Z");
  }

  @Test
  void aRotationRequestOnAnExpiredRootKeyIsRememberedSoItIsRefusedOnce() {
    RotationPolicy expiring = policy(null, "1h", "2026-11-22T10:30:00Z", 10);
    RootKeyStatus expired =
        plannerAt(Instant.parse("2026-11-22T11:00:00Z"))
            .expired(issued(ISSUED, expiring), expiring, 1);
    RootKeyStatus refused = plannerAt(ROTATED).refused(expired, "please");

    assertThat(refused.getLastRotateRequest()).isEqualTo("please");
    assertThat(
            RotationDecider.unhandledRequest(Map.of(RotationAnnotations.ROTATE, "please"), refused))
        .isEmpty();
    assertThat(refused.getKeys()).isEqualTo(expired.getKeys());
  }

  @Test
  void expiryMakesEveryKeyExpiredAndTheRootKeyExpiredForGood() {
    RotationPolicy expiring = policy(null, "1h", "2026-11-22T12:00:00Z", 10);
    RootKeyStatus rotated =
        rotate(
            issued(ISSUED, expiring),
            generator.generate("rk"),
            ROTATED,
            request(IssueTrigger.Manual),
            expiring);

    RootKeyStatus expired =
        plannerAt(Instant.parse("2026-11-22T12:00:00Z")).expired(rotated, expiring, 1);

    assertThat(expired.getPhase()).isEqualTo(Phase.Expired);
    assertThat(expired.getKeys()).allMatch(k -> k.getState() == KeyState.Expired);
    assertThat(expired.getKeys().get(0).getReason()).isEqualTo(KeyReason.Expired);
    assertThat(expired.getKeys().get(1).getReason()).isEqualTo(KeyReason.Manual);
    assertThat(expired.getNextRotationAt()).isNull();
    assertThat(StatusConditions.condition(expired, StatusConditions.READY))
        .get()
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "Expired");
    assertThat(
            StatusConditions.condition(expired, StatusConditions.ROTATABLE)
                .orElseThrow()
                .getMessage())
        .contains("create a new RootKey");
  }

  @Test
  void historyIsBoundedButNeverDropsAKeyThatVerifies() {
    RotationPolicy keepTwo = policy(null, "1h", null, 2);
    RootKeyStatus status = issued(ISSUED, keepTwo);
    Instant at = ISSUED;
    for (int i = 0; i < 4; i++) {
      at = at.plus(Duration.ofMinutes(10));
      status = rotate(status, generator.generate("rk"), at, request(IssueTrigger.Manual), keepTwo);
    }
    // Five keys: one Active and four within their hour of grace. All still verify: all kept.
    assertThat(status.getKeys()).hasSize(5);

    RootKeyStatus later = plannerAt(at.plus(Duration.ofHours(2))).expireDue(status);
    RootKeyStatus trimmed = plannerAt(at.plus(Duration.ofHours(2))).trimmed(later, 2, Set.of());
    assertThat(trimmed.getKeys()).hasSize(2);
    assertThat(trimmed.getKeys().get(0).getState()).isEqualTo(KeyState.Active);
    assertThat(trimmed.getKeys().get(1).getId()).isEqualTo(status.getKeys().get(1).getId());
  }

  @Test
  void atTheLimitTheKeyJustRevokedAndKeysAKeyLeakNamesStayOnRecord() {
    RotationPolicy keepOne = policy(null, "1h", null, 1);
    RootKeyStatus one = issued(ISSUED, keepOne);
    String first = one.getCurrentKeyId();
    RootKeyStatus two =
        rotate(
            one,
            generator.generate("rk"),
            ROTATED,
            new RotationRequest(IssueTrigger.Manual, "0s", Optional.of("now"), Optional.empty()),
            keepOne);

    // The rotation's own write keeps the key it revoked, so the rotation is reported from it.
    assertThat(two.getKeys()).extracting(KeyRecord::getId).contains(first);
    assertThat(two.getKeys().get(1).getState()).isEqualTo(KeyState.Revoked);
    StatusPlanner later = plannerAt(ROTATED.plusSeconds(1));
    // Afterwards it is dropped at the limit, unless a KeyLeak names it.
    assertThat(later.trimmed(two, 1, Set.of()).getKeys())
        .extracting(KeyRecord::getId)
        .containsExactly(two.getCurrentKeyId());
    assertThat(later.trimmed(two, 1, Set.of(first)).getKeys())
        .extracting(KeyRecord::getId)
        .containsExactly(two.getCurrentKeyId(), first);
  }

  @Test
  void aLeakedCurrentKeyStaysOnRecordRevokedThroughItsReplacementAtTheLimit() {
    RotationPolicy keepOne = policy(null, "1h", null, 1);
    RootKeyStatus one = issued(ISSUED, keepOne);
    String leaked = one.getCurrentKeyId();
    GeneratedKey replacement = generator.generate("rk");
    StatusPlanner planner = plannerAt(ROTATED);
    RootKeyStatus two =
        planner.activated(
            planner.withPending(one, replacement, RotationRequest.of(IssueTrigger.Leaked, "0s")),
            replacement.id(),
            keepOne,
            1,
            Set.of(leaked));

    assertThat(two.getKeys()).hasSize(2);
    assertThat(two.getKeys().get(1).getId()).isEqualTo(leaked);
    assertThat(two.getKeys().get(1).getState()).isEqualTo(KeyState.Revoked);
    assertThat(two.getKeys().get(1).getReason()).isEqualTo(KeyReason.Leaked);
  }

  @Test
  void aGraceOverrideInPlaceIsSpentOnceTheRotateValueIsHandledAndForgottenWhenRemoved() {
    StatusPlanner planner = plannerAt(ROTATED);
    RootKeyStatus status = new RootKeyStatus();
    status.setLastRotateRequest("a");
    Map<String, String> handled =
        Map.of(RotationAnnotations.ROTATE, "a", RotationAnnotations.ROTATE_GRACE, "0s");
    assertThat(planner.graceOverrideSeen(status, handled).getLastRotateGrace()).isEqualTo("0s");
    // Set with a rotate value not acted on yet: still to be used by that rotation.
    Map<String, String> asked =
        Map.of(RotationAnnotations.ROTATE, "b", RotationAnnotations.ROTATE_GRACE, "0s");
    assertThat(planner.graceOverrideSeen(status, asked).getLastRotateGrace()).isNull();
    // Removed: nothing is spent, and the same value set again later counts as new.
    status.setLastRotateGrace("0s");
    assertThat(
            planner
                .graceOverrideSeen(status, Map.of(RotationAnnotations.ROTATE, "a"))
                .getLastRotateGrace())
        .isNull();
  }

  @Test
  void readyKeepsTheTransitionTimeWhileTheConditionHolds() {
    RootKeyStatus ready = issued(ISSUED, hourGrace);
    RootKeyStatus again = conditionsAt(ROTATED).ready(ready, 1);

    assertThat(again).isEqualTo(ready);
    Condition condition = StatusConditions.condition(again, StatusConditions.READY).orElseThrow();
    assertThat(condition.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00.123Z");
  }

  @Test
  void failureFlipsReadyAndRecordsWhenItHappened() {
    RootKeyStatus failed =
        conditionsAt(ROTATED)
            .failed(issued(ISSUED, hourGrace), "InvalidSpec", "spec.prefix ...", 2);

    assertThat(failed.getPhase()).isEqualTo(Phase.Failed);
    assertThat(failed.getObservedGeneration()).isEqualTo(2L);
    Condition ready = StatusConditions.condition(failed, StatusConditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-11-22T11:30:00Z");
  }

  @Test
  void restartsAreRecordedForTheCurrentKeyWithMissingTargetsInACondition() {
    RootKeyStatus ready = issued(ISSUED, hourGrace);
    RootKeyStatus restarted =
        conditionsAt(ISSUED).restarted(ready, 2, List.of("Deployment gone"), 1);

    assertThat(restarted.getRestartedForKeyId()).isEqualTo(ready.getCurrentKeyId());
    Condition found =
        StatusConditions.condition(restarted, StatusConditions.RESTART_TARGETS_FOUND).orElseThrow();
    assertThat(found.getStatus()).isEqualTo("False");
    assertThat(found.getMessage()).contains("Deployment gone");
    assertThat(
            StatusConditions.condition(
                conditionsAt(ISSUED).restarted(ready, 0, List.of(), 1),
                StatusConditions.RESTART_TARGETS_FOUND))
        .isEmpty();
  }

  @Test
  void forgettingAPendingKeyKeepsEveryOtherRecord() {
    StatusPlanner planner = plannerAt(ISSUED);
    RootKeyStatus active = issued(ISSUED, hourGrace);
    RootKeyStatus withPending =
        planner.withPending(active, generator.generate("rk"), request(IssueTrigger.Manual));

    assertThat(StatusPlanner.interrupted(withPending))
        .contains(RotationRequest.of(IssueTrigger.Manual, "1h"));
    assertThat(planner.withoutPending(withPending)).isEqualTo(active);
  }

  @Test
  void theNextDueInstantIsTheEarliestOfRotationGraceEndAndExpiry() {
    RotationPolicy policy = policy("2h", "30m", "2026-11-22T20:00:00Z", 10);
    RootKeyStatus rotated =
        rotate(
            issued(ISSUED, policy),
            generator.generate("rk"),
            ROTATED,
            RotationRequest.of(IssueTrigger.Manual, "30m"),
            policy);
    // Grace of the replaced key ends 12:00; the next rotation is 13:30; expiry 20:00.
    assertThat(RotationSchedule.nextDue(rotated, policy))
        .contains(Instant.parse("2026-11-22T12:00:00Z"));
  }

  private RootKeyStatus issued(Instant at, RotationPolicy policy) {
    GeneratedKey key = generator.generate("rk");
    StatusPlanner planner = plannerAt(at);
    return planner.activated(
        planner.withPending(new RootKeyStatus(), key, request(IssueTrigger.Created)),
        key.id(),
        policy,
        1,
        Set.of());
  }

  private static RootKeyStatus rotate(
      RootKeyStatus status,
      GeneratedKey key,
      Instant at,
      RotationRequest request,
      RotationPolicy policy) {
    StatusPlanner planner = plannerAt(at);
    return planner.activated(
        planner.withPending(status, key, request), key.id(), policy, 1, Set.of());
  }

  private static RotationRequest request(IssueTrigger trigger) {
    return RotationRequest.of(trigger, "1h");
  }

  static RotationPolicy policy(String interval, String grace, String expiresAt, int limit) {
    return new RotationPolicy(
        Optional.ofNullable(interval).map(RotationPolicy::parseDuration),
        grace,
        Optional.ofNullable(expiresAt).map(Instant::parse),
        limit);
  }

  static StatusPlanner plannerAt(Instant instant) {
    return new StatusPlanner(Clock.fixed(instant, ZoneOffset.UTC));
  }

  static StatusConditions conditionsAt(Instant instant) {
    return new StatusConditions(Clock.fixed(instant, ZoneOffset.UTC));
  }
}
