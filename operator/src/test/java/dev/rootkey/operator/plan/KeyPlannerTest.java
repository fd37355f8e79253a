package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a reconcile decides for a valid RootKey, at a fixed instant, before anything is written. */
class KeyPlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private final StatusPlanner statuses = new StatusPlanner(Clock.fixed(NOW, ZoneOffset.UTC));
  private final KeyPlanner planner =
      new KeyPlanner(
          statuses,
          new RotationDecider(),
          new IssuanceSteps(statuses, RecordSeal.random(new SecureRandom())),
          new KeyGenerator(new SecureRandom()));

  @Test
  void aNewRootKeyGetsItsKeyRecordedPendingThenDeliveredThenActivated() {
    RootKey rootKey = rootKey(null);

    KeyPlanner.Decision decided = planner.decide(seen(rootKey, Optional.empty()));

    assertThat(decided.steps())
        .map(Step::getClass)
        .containsExactly(
            Step.WriteStatus.class,
            Step.WriteSecret.class,
            Step.RollRestartTargets.class,
            Step.WriteStatus.class);
    KeyRecord pending = onlyRecord(status(decided.steps().get(0)));
    assertThat(pending.getState()).isEqualTo(KeyState.Pending);
    Secret delivered = ((Step.WriteSecret) decided.steps().get(1)).secret();
    assertThat(DeliveredSecrets.heldKeyHash(delivered, DeliveryTarget.of(rootKey).dataKey()))
        .contains(pending.getHash());
    Step.WriteStatus activation = (Step.WriteStatus) decided.steps().get(3);
    assertThat(onlyRecord(activation.status()).getState()).isEqualTo(KeyState.Active);
    assertThat(activation.status().getCurrentKeyId()).isEqualTo(pending.getId());
    assertThat(activation.reports()).singleElement().isInstanceOf(Report.Activated.class);
  }

  @Test
  void aPendingKeyItsSecretHoldsIsFinishedByTheActivationAlone() {
    KeyPlanner.Decision issued = planner.decide(seen(rootKey(null), Optional.empty()));
    RootKeyStatus withPending = status(issued.steps().get(0));
    Secret delivered = ((Step.WriteSecret) issued.steps().get(1)).secret();

    KeyPlanner.Decision resumed =
        planner.decide(seen(rootKey(withPending), Optional.of(delivered)));

    assertThat(resumed.steps())
        .map(Step::getClass)
        .containsExactly(Step.RollRestartTargets.class, Step.WriteStatus.class);
    RootKeyStatus activated = status(resumed.steps().get(1));
    assertThat(activated.getCurrentKeyId()).isEqualTo(onlyRecord(withPending).getId());
    assertThat(onlyRecord(activated).getState()).isEqualTo(KeyState.Active);
  }

  @Test
  void aPendingKeyThatNeverReachedTheSecretIsForgottenAndANewOneIssued() {
    KeyPlanner.Decision issued = planner.decide(seen(rootKey(null), Optional.empty()));
    RootKeyStatus withPending = status(issued.steps().get(0));

    KeyPlanner.Decision again = planner.decide(seen(rootKey(withPending), Optional.empty()));

    KeyRecord reissued = onlyRecord(status(again.steps().get(0)));
    assertThat(reissued.getState()).isEqualTo(KeyState.Pending);
    assertThat(reissued.getId()).isNotEqualTo(onlyRecord(withPending).getId());
    assertThat(again.steps()).hasSize(4);
  }

  @Test
  void aSecretOfThatNameTheRootKeyDoesNotOwnIsReportedAndNothingIsIssued() {
    RootKey rootKey = rootKey(null);
    Secret someoneElses =
        new SecretBuilder()
            .withNewMetadata()
            .withName(DeliveryTarget.of(rootKey).secretName())
            .withNamespace("payments")
            .endMetadata()
            .build();

    KeyPlanner.Decision decided = planner.decide(seen(rootKey, Optional.of(someoneElses)));

    assertThat(decided.settles()).isFalse();
    assertThat(decided.steps())
        .map(Step::getClass)
        .containsExactly(Step.Tell.class, Step.WriteStatus.class);
    RootKeyStatus failed = status(decided.steps().get(1));
    assertThat(failed.getPhase()).isEqualTo(Phase.Failed);
    assertThat(StatusConditions.condition(failed, StatusConditions.READY).orElseThrow().getReason())
        .isEqualTo("SecretConflict");
  }

  @Test
  void aPlanPrintedByMistakeNeverShowsTheKeyItDelivers() {
    KeyPlanner.Decision decided = planner.decide(seen(rootKey(null), Optional.empty()));
    Secret delivered = ((Step.WriteSecret) decided.steps().get(1)).secret();

    assertThat(decided.toString())
        .contains("WriteSecret[payments/billing]")
        .doesNotContain(delivered.getData().values());
  }

  private static Observation seen(RootKey rootKey, Optional<Secret> secret) {
    return new Observation(rootKey, RootKeys.statusOf(rootKey), secret, List.of());
  }

  private static RootKey rootKey(RootKeyStatus status) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName("billing")
            .withNamespace("payments")
            .withUid("uid-billing")
            .withGeneration(1L)
            .build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    rootKey.setSpec(spec);
    rootKey.setStatus(status);
    return rootKey;
  }

  private static RootKeyStatus status(Step step) {
    return ((Step.WriteStatus) step).status();
  }

  private static KeyRecord onlyRecord(RootKeyStatus status) {
    assertThat(status.getKeys()).hasSize(1);
    return status.getKeys().get(0);
  }
}
