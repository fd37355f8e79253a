package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What follows the issuance steps of a reconcile, at fixed instants. */
class SettlingTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant ROTATED = Instant.parse("2026-11-22T11:00:00Z");
  private static final Instant GRACE_OVER = ROTATED.plus(Duration.ofHours(2));

  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());
  private final GeneratedKey first = generator.generate("rk");
  private final GeneratedKey second = generator.generate("rk");

  @Test
  void onceTheReplacedKeysGraceIsOverItLeavesTheSecretsPreviousKeyEntryAndIsToldOnce() {
    RootKey rootKey = rootKey();
    RootKeyStatus rotated = rotated(rootKey);
    rootKey.setStatus(rotated);
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    Secret secret =
        DeliveredSecrets.withKey(
            rootKey, target, second, Optional.empty(), Optional.of(first.token()));
    StatusPlanner planner = plannerAt(GRACE_OVER);
    KeyPlanner.Decision decided =
        new KeyPlanner.Decision(
            List.of(), planner.expireDue(rotated), Optional.of(secret), List.of(), true);

    Plan plan =
        new Settling(planner)
            .settle(new Observation(rootKey, rotated, Optional.of(secret), List.of()), decided);

    assertThat(plan.steps())
        .map(Step::getClass)
        .containsExactly(
            Step.WriteSecret.class, Step.WriteStatus.class, Step.Tell.class, Step.Tell.class);
    Secret tidied = ((Step.WriteSecret) plan.steps().get(0)).secret();
    assertThat(DeliveredSecrets.heldKeyHash(tidied, target.dataKey())).contains(second.hash());
    assertThat(DeliveredSecrets.heldPreviousKeyHash(tidied, target)).isEmpty();
    assertThat(((Step.Tell) plan.steps().get(2)).report())
        .isInstanceOfSatisfying(
            Report.GraceEnded.class,
            ended -> assertThat(ended.key().getId()).isEqualTo(first.id()));
  }

  /** The first key issued at ISSUED, replaced by the second at ROTATED with an hour of grace. */
  private RootKeyStatus rotated(RootKey rootKey) {
    RotationPolicy policy = RotationPolicy.of(rootKey.getSpec());
    StatusPlanner atIssue = plannerAt(ISSUED);
    RootKeyStatus issued =
        atIssue.activated(
            atIssue.withPending(
                new RootKeyStatus(), first, RotationRequest.of(IssueTrigger.Created, "1h")),
            first.id(),
            policy,
            1,
            Set.of());
    StatusPlanner atRotation = plannerAt(ROTATED);
    RootKeyStatus rotated =
        atRotation.activated(
            atRotation.withPending(
                issued, second, RotationRequest.of(IssueTrigger.Scheduled, "1h")),
            second.id(),
            policy,
            1,
            Set.of());
    rotated.setRestartedForKeyId(second.id());
    return rotated;
  }

  private static RootKey rootKey() {
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod("1h");
    spec.setRotation(rotation);
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("ROOT_KEY_PREVIOUS");
    spec.setSecret(secret);
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid("uid-billing")
            .withGeneration(1L)
            .build());
    rootKey.setSpec(spec);
    return rootKey;
  }

  private static StatusPlanner plannerAt(Instant instant) {
    return new StatusPlanner(Clock.fixed(instant, ZoneOffset.UTC));
  }
}
