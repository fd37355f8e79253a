package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A reconcile's one plan, issuance and settling together, at fixed instants. */
class ReconcilePlannerTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant ROTATED = ISSUED.plus(Duration.ofHours(1));
  private static final String PREVIOUS_KEY = "ROOT_KEY_PREVIOUS";

  private final RecordSeal seal = RecordSeal.random(new SecureRandom());
  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @Test
  void aScheduledRotationIsOnePlanFromThePendingRecordToTheSettledStatusWakingAtTheGraceEnd() {
    Issued issued = issued(Map.of());

    Plan plan = plannerAt(ROTATED).plan(issued.seen(List.of()));

    assertThat(plan.steps())
        .map(Step::getClass)
        .containsExactly(
            Step.WriteStatus.class,
            Step.WriteSecret.class,
            Step.RollRestartTargets.class,
            Step.WriteStatus.class,
            Step.WriteStatus.class,
            Step.Tell.class);
    assertThat(StatusPlanner.pending(status(plan.steps().get(0)))).isPresent();
    RootKeyStatus settled = status(plan.steps().get(4));
    KeyRecord replaced = record(settled, issued.keyId());
    assertThat(replaced.getState()).isEqualTo(KeyState.Expiring);
    assertThat(replaced.getExpiresAt()).isEqualTo("2026-11-22T11:30:00Z");
    assertThat(settled.getCurrentKeyId()).isNotEqualTo(issued.keyId());
    assertThat(settled.getNextRotationAt()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(((Step.Tell) plan.steps().get(5)).report())
        .isEqualTo(
            new Report.Scheduled(Optional.empty(), Optional.of(ROTATED.plus(Duration.ofHours(1)))));
    assertThat(plan.wakeUp()).contains(ROTATED.plus(Duration.ofMinutes(30)));
  }

  @Test
  void aRotationWithoutGraceTakesTheOldKeyOutOfTheSecretItDeliveredInTheSamePlan() {
    Issued issued =
        issued(Map.of(RotationAnnotations.ROTATE, "r1", RotationAnnotations.ROTATE_GRACE, "0s"));

    Plan plan = plannerAt(ISSUED.plusSeconds(60)).plan(issued.seen(List.of()));

    assertThat(plan.steps())
        .map(Step::getClass)
        .containsExactly(
            Step.WriteStatus.class,
            Step.RemoveAnnotation.class,
            Step.WriteSecret.class,
            Step.RollRestartTargets.class,
            Step.WriteStatus.class,
            Step.WriteSecret.class,
            Step.WriteStatus.class,
            Step.Tell.class);
    DeliveryTarget target = DeliveryTarget.of(issued.rootKey());
    Step.WriteSecret delivered = (Step.WriteSecret) plan.steps().get(2);
    assertThat(DeliveredSecrets.heldPreviousKeyHash(delivered.secret(), target))
        .contains(record(issued.status(), issued.keyId()).getHash());
    Step.WriteSecret tidied = (Step.WriteSecret) plan.steps().get(5);
    assertThat(tidied.previous()).contains(delivered.secret());
    assertThat(DeliveredSecrets.heldKeyHash(tidied.secret(), target.dataKey()))
        .isEqualTo(DeliveredSecrets.heldKeyHash(delivered.secret(), target.dataKey()));
    assertThat(DeliveredSecrets.heldPreviousKeyHash(tidied.secret(), target)).isEmpty();
    assertThat(record(status(plan.steps().get(6)), issued.keyId()).getState())
        .isEqualTo(KeyState.Revoked);
  }

  @Test
  void theStatusAfterARotateGraceRemovalIsPlannedOnItsRemoval() {
    Issued issued =
        issued(Map.of(RotationAnnotations.ROTATE, "r1", RotationAnnotations.ROTATE_GRACE, "2m"));

    Plan plan = plannerAt(ISSUED.plusSeconds(60)).plan(issued.seen(List.of()));

    assertThat(plan.steps())
        .contains(new Step.RemoveAnnotation(RotationAnnotations.ROTATE_GRACE, "2m"));
    // Spent while on record before the removal; gone after it, so setting it again counts as new.
    assertThat(status(plan.steps().get(0)).getLastRotateGrace()).isEqualTo("2m");
    assertThat(lastStatus(plan).getLastRotateGrace()).isNull();
    assertThat(record(lastStatus(plan), issued.keyId()).getExpiresAt())
        .isEqualTo("2026-11-22T10:03:00Z");
  }

  @Test
  void aLeakOfTheCurrentKeyIsRevokedInTheFirstWriteAndAnsweredLastNamingItsReplacement() {
    Issued issued = issued(Map.of());
    KeyLeak leak = leak(record(issued.status(), issued.keyId()));

    Plan plan = plannerAt(ISSUED.plusSeconds(60)).plan(issued.seen(List.of(leak)));

    KeyRecord leaked = record(status(plan.steps().get(0)), issued.keyId());
    assertThat(leaked.getState()).isEqualTo(KeyState.Revoked);
    assertThat(leaked.getReason()).isEqualTo(KeyReason.Leaked);
    Step last = plan.steps().get(plan.steps().size() - 1);
    RootKeyStatus settled = lastStatus(plan);
    assertThat(last)
        .isInstanceOfSatisfying(
            Step.AnswerLeak.class,
            answer -> {
              assertThat(answer.answer().getAction()).isEqualTo(LeakAction.Revoked);
              assertThat(answer.answer().getReplacementKeyId())
                  .isEqualTo(settled.getCurrentKeyId())
                  .isNotEqualTo(issued.keyId());
            });
    assertThat(plan.wakeUp()).contains(ISSUED.plusSeconds(60).plus(Duration.ofHours(1)));
  }

  @Test
  void anExpiredRootKeysPlanReadsNoSecretFromTheApiServer() {
    Issued issued = issued(Map.of());
    issued.rootKey().getSpec().setExpiresAt("2026-11-22T12:00:00Z");
    Instant end = Instant.parse("2026-11-22T12:00:00Z");

    // The Secret lost the key: before expiry the plan is made on the API server's Secret.
    assertThat(
            plannerAt(end.minusMillis(1))
                .asksTheApiServer(issued.rootKey(), issued.status(), Optional.empty()))
        .isTrue();
    assertThat(plannerAt(end).asksTheApiServer(issued.rootKey(), issued.status(), Optional.empty()))
        .isFalse();
  }

  /** A RootKey as its first reconcile's plan left it, and the Secret that plan delivered. */
  private record Issued(RootKey rootKey, RootKeyStatus status, Secret secret, String keyId) {

    Observation seen(List<KeyLeak> leaks) {
      return new Observation(rootKey, status, Optional.of(secret), leaks);
    }
  }

  /** Issued at ISSUED, with {@code annotations} set afterwards. */
  private Issued issued(Map<String, String> annotations) {
    RootKey rootKey = rootKey();
    Plan first =
        plannerAt(ISSUED)
            .plan(new Observation(rootKey, new RootKeyStatus(), Optional.empty(), List.of()));
    RootKeyStatus status = lastStatus(first);
    // As the executor writes it, with the outcome of the restart the plan rolled.
    status.setRestartedForKeyId(status.getCurrentKeyId());
    Secret delivered =
        first.steps().stream()
            .filter(Step.WriteSecret.class::isInstance)
            .map(step -> ((Step.WriteSecret) step).secret())
            .findFirst()
            .orElseThrow();
    Secret stored =
        new SecretBuilder(delivered).editMetadata().withResourceVersion("7").endMetadata().build();
    rootKey.setStatus(status);
    rootKey.getMetadata().setAnnotations(annotations);
    return new Issued(rootKey, status, stored, status.getCurrentKeyId());
  }

  private static RootKey rootKey() {
    return Serialization.unmarshal(
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata: {name: billing, namespace: payments, uid: uid-billing, generation: 1}
        spec:
          permissions: [api.*.verify_key]
          rotation: {interval: 1h, gracePeriod: 30m}
          secret: {previousKey: %s}
          restartTargets: [{kind: Deployment, name: billing-api}]
        """
            .formatted(PREVIOUS_KEY),
        RootKey.class);
  }

  private static KeyLeak leak(KeyRecord record) {
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey("billing");
    spec.setKeyId(record.getId());
    spec.setTokenHash(record.getHash());
    KeyLeak leak = new KeyLeak();
    leak.setSpec(spec);
    leak.setMetadata(
        new ObjectMetaBuilder()
            .withName(KeyLeak.nameFor(record.getId()))
            .withNamespace("payments")
            .build());
    return leak;
  }

  private ReconcilePlanner plannerAt(Instant instant) {
    StatusPlanner statuses = new StatusPlanner(Clock.fixed(instant, ZoneOffset.UTC));
    return new ReconcilePlanner(
        new Expiry(statuses),
        new KeyPlanner(
            statuses, new RotationDecider(), new IssuanceSteps(statuses, seal), generator),
        new Settling(statuses));
  }

  private static RootKeyStatus status(Step step) {
    return ((Step.WriteStatus) step).status();
  }

  /** The status the plan's last status write leaves. */
  private static RootKeyStatus lastStatus(Plan plan) {
    return plan.steps().stream()
        .filter(Step.WriteStatus.class::isInstance)
        .map(ReconcilePlannerTest::status)
        .reduce((earlier, later) -> later)
        .orElseThrow();
  }

  private static KeyRecord record(RootKeyStatus status, String id) {
    return status.getKeys().stream().filter(k -> k.getId().equals(id)).findFirst().orElseThrow();
  }
}
