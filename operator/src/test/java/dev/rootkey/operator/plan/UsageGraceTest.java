package dev.rootkey.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.plan.GraceExtension.Retirement;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A grace period that follows use, reconcile after reconcile at fixed instants: each plan is
 * applied as the executor would, and the next one made on what it left.
 */
class UsageGraceTest {

  private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant ROTATED = Instant.parse("2026-11-22T11:00:00Z");
  private static final String UID = "uid-billing";

  private final RecordSeal seal = RecordSeal.random(new SecureRandom());
  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @Test
  void aRotationRecordsWhenTheOldKeyWasReplacedButALeakDoesNot() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 10m, idleTimeout: 1m}");

    assertThat(cluster.record(cluster.oldKey).getReplacedAt()).isEqualTo(ROTATED.toString());

    String leaked = cluster.currentKey();
    cluster.leaks.add(leak(cluster.record(leaked)));
    cluster.reconcileAt(ROTATED.plusSeconds(5));

    assertThat(cluster.record(leaked).getState()).isEqualTo(KeyState.Revoked);
    assertThat(cluster.record(leaked).getReplacedAt()).isNull();
  }

  @Test
  void aReplacedKeyInUseStaysValidIdleTimeoutPastItsLastUseThenRetiresIdleOnItsWakeUp() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 10m, idleTimeout: 1m}");

    cluster.used(cluster.oldKey, ROTATED.plusSeconds(20));
    Plan first = cluster.reconcileAt(ROTATED.plusSeconds(21));

    assertThat(cluster.record(cluster.oldKey).getLastUsedAt()).isEqualTo("2026-11-22T11:00:20Z");
    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:01:20Z");
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IN_USE);
    assertThat(cluster.previousKeyInUse().getStatus()).isEqualTo("True");
    assertThat(cluster.previousKeyInUse().getMessage())
        .contains(cluster.oldKey, "last used at 2026-11-22T11:00:20Z")
        .contains("retires at 2026-11-22T11:01:20Z", "2026-11-22T11:10:00Z at the latest")
        .doesNotContain(cluster.token(cluster.oldKey));
    assertThat(told(first, Report.GracePeriodExtended.class)).hasSize(1);
    assertThat(first.wakeUp()).contains(Instant.parse("2026-11-22T11:01:20Z"));

    // Reports keep coming every few seconds while it is used: the event is not told again.
    cluster.used(cluster.oldKey, ROTATED.plusSeconds(50));
    Plan second = cluster.reconcileAt(ROTATED.plusSeconds(51));
    cluster.used(cluster.oldKey, ROTATED.plusSeconds(52));
    Plan third = cluster.reconcileAt(ROTATED.plusSeconds(53));

    assertThat(told(second, Report.GracePeriodExtended.class)).isEmpty();
    assertThat(told(third, Report.GracePeriodExtended.class)).isEmpty();
    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:01:52Z");
    assertThat(third.wakeUp()).contains(Instant.parse("2026-11-22T11:01:52Z"));
    assertThat(
            DeliveredSecrets.heldPreviousKeyHash(
                cluster.secret, DeliveryTarget.of(cluster.rootKey)))
        .contains(cluster.record(cluster.oldKey).getHash());

    // Nobody uses it any more: the wake-up retires it, idle.
    Plan retired = cluster.reconcileAt(Instant.parse("2026-11-22T11:01:52Z"));

    assertThat(cluster.record(cluster.oldKey).getState()).isEqualTo(KeyState.Expired);
    assertThat(endedBy(retired)).isEqualTo(Retirement.IDLE);
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.NO_PREVIOUS_KEY);
    assertThat(
            DeliveredSecrets.heldPreviousKeyHash(
                cluster.secret, DeliveryTarget.of(cluster.rootKey)))
        .isEmpty();
  }

  @Test
  void aKeyInUseToTheEndRetiresMaxGracePeriodAfterItsRotation() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 2m, idleTimeout: 1m}");

    for (int second = 20; second < 120; second += 30) {
      cluster.used(cluster.oldKey, ROTATED.plusSeconds(second));
      cluster.reconcileAt(ROTATED.plusSeconds(second + 1));
    }

    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:02:00Z");
    Plan retired = cluster.reconcileAt(Instant.parse("2026-11-22T11:02:00Z"));
    assertThat(cluster.record(cluster.oldKey).getState()).isEqualTo(KeyState.Expired);
    assertThat(endedBy(retired)).isEqualTo(Retirement.MAX_GRACE_PERIOD);
  }

  @Test
  void whereTheGracePeriodAloneReachesMaxGracePeriodUseExtendsNothingAndNothingSaysItDid() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 30s, idleTimeout: 1m}");

    cluster.used(cluster.oldKey, ROTATED.plusSeconds(20));
    Plan used = cluster.reconcileAt(ROTATED.plusSeconds(21));

    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:00:30Z");
    // The old code told GracePeriodExtended here: the expiry matched the rule at the cap.
    assertThat(told(used, Report.GracePeriodExtended.class)).isEmpty();
    Plan retired = cluster.reconcileAt(Instant.parse("2026-11-22T11:00:30Z"));
    assertThat(endedBy(retired)).isEqualTo(Retirement.GRACE_PERIOD);
  }

  @Test
  void aKeyUsedJustBeforeARotationWhoseGracePeriodReachesMaxGracePeriodIsNotToldExtended() {
    Cluster cluster = issued("{gracePeriod: 30s, maxGracePeriod: 30s, idleTimeout: 1m}");
    String old = cluster.currentKey();
    cluster.used(old, ROTATED.minusSeconds(10));
    cluster.reconcileAt(ROTATED.minusSeconds(9));

    Plan rotation = cluster.rotateAt(ROTATED);

    assertThat(cluster.record(old).getExpiresAt()).isEqualTo("2026-11-22T11:00:30Z");
    assertThat(told(rotation, Report.GracePeriodExtended.class)).isEmpty();
  }

  @Test
  void withoutMaxGracePeriodAKeyInUseRetiresAtItsGraceEndAndTheConditionSaysItIsUsed() {
    Cluster cluster = rotated("{gracePeriod: 30s, idleTimeout: 1m}");

    cluster.used(cluster.oldKey, ROTATED.plusSeconds(20));
    Plan used = cluster.reconcileAt(ROTATED.plusSeconds(21));

    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:00:30Z");
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IN_USE);
    assertThat(cluster.previousKeyInUse().getMessage())
        .contains("retires at 2026-11-22T11:00:30Z, used or not")
        .contains("spec.rotation.maxGracePeriod");
    assertThat(told(used, Report.GracePeriodExtended.class)).isEmpty();
    assertThat(used.wakeUp()).contains(Instant.parse("2026-11-22T11:00:30Z"));

    Plan retired = cluster.reconcileAt(Instant.parse("2026-11-22T11:00:30Z"));
    assertThat(endedBy(retired)).isEqualTo(Retirement.GRACE_PERIOD);
  }

  @Test
  void previousKeyInUseTurnsIdleOnTheWakeUpItPlannedAndIsNotRewrittenBefore() {
    Cluster cluster = rotated("{gracePeriod: 30m, idleTimeout: 1m}");
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IDLE);

    cluster.used(cluster.oldKey, ROTATED.plusSeconds(10));
    Plan used = cluster.reconcileAt(ROTATED.plusSeconds(11));
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IN_USE);
    assertThat(cluster.previousKeyInUse().getLastTransitionTime())
        .isEqualTo("2026-11-22T11:00:11Z");
    assertThat(used.wakeUp()).contains(Instant.parse("2026-11-22T11:01:10Z"));

    // The same report again, before the use is a minute old: nothing to write.
    RootKeyStatus stored = cluster.status;
    Plan again = cluster.reconcileAt(ROTATED.plusSeconds(69));
    assertThat(statusWrites(again)).allMatch(stored::equals);

    cluster.reconcileAt(Instant.parse("2026-11-22T11:01:10Z"));
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IDLE);
    assertThat(cluster.previousKeyInUse().getStatus()).isEqualTo("False");
    assertThat(cluster.previousKeyInUse().getLastTransitionTime())
        .isEqualTo("2026-11-22T11:01:10Z");
    assertThat(cluster.previousKeyInUse().getMessage())
        .contains("not in use", "last used at 2026-11-22T11:00:10Z", "idleTimeout 1m");
    assertThat(cluster.record(cluster.oldKey).getState()).isEqualTo(KeyState.Expiring);
  }

  @Test
  void aLeakRevokesAKeyKeptValidByUseAtOnce() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 10m, idleTimeout: 1m}");
    cluster.used(cluster.oldKey, ROTATED.plusSeconds(20));
    cluster.reconcileAt(ROTATED.plusSeconds(21));
    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:01:20Z");

    cluster.leaks.add(leak(cluster.record(cluster.oldKey)));
    cluster.used(cluster.oldKey, ROTATED.plusSeconds(40));
    cluster.reconcileAt(ROTATED.plusSeconds(41));

    KeyRecord leaked = cluster.record(cluster.oldKey);
    assertThat(leaked.getState()).isEqualTo(KeyState.Revoked);
    assertThat(leaked.getReason()).isEqualTo(KeyReason.Leaked);
    assertThat(leaked.getRevokedAt()).isEqualTo("2026-11-22T11:00:41Z");
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.NO_PREVIOUS_KEY);
  }

  @Test
  void aUseReportedAfterTheKeyExpiredNeverRevivesIt() {
    Cluster cluster = rotated("{gracePeriod: 30s, maxGracePeriod: 10m, idleTimeout: 1m}");

    // Used before its grace ended, but reported only after.
    cluster.used(cluster.oldKey, ROTATED.plusSeconds(29));
    cluster.reconcileAt(ROTATED.plusSeconds(31));

    assertThat(cluster.record(cluster.oldKey).getState()).isEqualTo(KeyState.Expired);
    assertThat(cluster.record(cluster.oldKey).getExpiresAt()).isEqualTo("2026-11-22T11:00:30Z");
  }

  @Test
  void aKeyUsedJustBeforeItsRotationIsExtendedAtTheRotation() {
    Cluster cluster = issued("{gracePeriod: 30s, maxGracePeriod: 10m, idleTimeout: 1m}");
    String old = cluster.currentKey();
    cluster.used(old, ROTATED.minusSeconds(10));
    cluster.reconcileAt(ROTATED.minusSeconds(9));

    Plan rotation = cluster.rotateAt(ROTATED);

    assertThat(cluster.record(old).getExpiresAt()).isEqualTo("2026-11-22T11:00:50Z");
    assertThat(told(rotation, Report.GracePeriodExtended.class)).hasSize(1);
    assertThat(cluster.previousKeyInUse().getReason()).isEqualTo(PreviousKeyInUse.IN_USE);
  }

  @Test
  void spentReportsAreDeletedOnlyAfterTheStatusWriteThatHoldsWhatTheySay() {
    Cluster cluster = rotated("{gracePeriod: 30m, maxGracePeriod: 1h, idleTimeout: 1m}");
    Instant now = Instant.parse("2026-11-22T13:01:00Z");
    KeyUsage earlier = UsageFoldTest.usage("replica-1", "uid-earlier", Map.of());
    KeyUsage gone =
        UsageFoldTest.usage(
            "replica-gone", UID, Map.of(cluster.currentKey(), "2026-11-22T12:00:00Z"));
    gone.getSpec().setReportedAt("2026-11-22T12:00:00Z");
    KeyUsage live =
        UsageFoldTest.usage(
            "replica-live", UID, Map.of(cluster.currentKey(), "2026-11-22T12:29:00Z"));
    live.getSpec().setReportedAt("2026-11-22T12:29:00Z");
    cluster.usages.addAll(List.of(earlier, gone, live));

    Plan plan = cluster.reconcileAt(now);

    assertThat(cluster.record(cluster.currentKey()).getLastUsedAt())
        .isEqualTo("2026-11-22T12:29:00Z");
    List<Step> steps = plan.steps();
    int lastStatusWrite = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof Step.WriteStatus) {
        lastStatusWrite = i;
      }
    }
    List<KeyUsage> deleted = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof Step.DeleteUsage delete) {
        assertThat(i).isGreaterThan(lastStatusWrite);
        deleted.add(delete.usage());
      }
    }
    assertThat(deleted).containsExactly(earlier, gone);
  }

  /** The steps telling a report of this type, in order. */
  /** What ended the one key {@code plan} retired: it must tell exactly one GraceEnded. */
  private static Retirement endedBy(Plan plan) {
    List<Report.GraceEnded> ended = told(plan, Report.GraceEnded.class);
    assertThat(ended).hasSize(1);
    return ended.get(0).endedBy();
  }

  private static <R extends Report> List<R> told(Plan plan, Class<R> type) {
    return plan.steps().stream()
        .filter(Step.Tell.class::isInstance)
        .map(step -> ((Step.Tell) step).report())
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static List<RootKeyStatus> statusWrites(Plan plan) {
    return plan.steps().stream()
        .filter(Step.WriteStatus.class::isInstance)
        .map(step -> ((Step.WriteStatus) step).status())
        .toList();
  }

  /** Issued at ISSUED, rotated by annotation at ROTATED. */
  private Cluster rotated(String rotation) {
    Cluster cluster = issued(rotation);
    cluster.oldKey = cluster.currentKey();
    cluster.rotateAt(ROTATED);
    return cluster;
  }

  private Cluster issued(String rotation) {
    Cluster cluster = new Cluster(rootKey(rotation));
    cluster.reconcileAt(ISSUED);
    return cluster;
  }

  /** The RootKey and its Secret as the executor would leave them, plan after plan. */
  private final class Cluster {

    final RootKey rootKey;
    final List<KeyLeak> leaks = new ArrayList<>();
    final List<KeyUsage> usages = new ArrayList<>();
    final Map<String, String> tokens = new HashMap<>();
    RootKeyStatus status = new RootKeyStatus();
    Secret secret;
    String oldKey;
    private int rotations;

    Cluster(RootKey rootKey) {
      this.rootKey = rootKey;
    }

    Plan rotateAt(Instant at) {
      Map<String, String> annotations = new HashMap<>(RootKeys.annotations(rootKey));
      annotations.put(RotationAnnotations.ROTATE, "r" + ++rotations);
      rootKey.getMetadata().setAnnotations(annotations);
      return reconcileAt(at);
    }

    /** One replica reports this use of {@code keyId}, as the scanner-webhook writes it. */
    void used(String keyId, Instant at) {
      usages.clear();
      usages.add(UsageFoldTest.usage("replica-1", UID, Map.of(keyId, at.toString())));
      usages.get(0).getSpec().setReportedAt(at.toString());
    }

    Plan reconcileAt(Instant at) {
      StatusPlanner statuses = new StatusPlanner(Clock.fixed(at, ZoneOffset.UTC));
      Plan plan =
          new ReconcilePlanner(
                  new Expiry(statuses),
                  new KeyPlanner(
                      statuses,
                      new RotationDecider(),
                      new IssuanceSteps(statuses, seal),
                      generator),
                  new Settling(statuses))
              .plan(new Observation(rootKey, status, Optional.ofNullable(secret), leaks, usages));
      for (Step step : plan.steps()) {
        if (step instanceof Step.WriteStatus write) {
          status = new RootKeyStatus(write.status());
          // As the executor writes it, with the outcome of the restart the plan rolled.
          status.setRestartedForKeyId(status.getCurrentKeyId());
        } else if (step instanceof Step.WriteSecret write) {
          secret = write.secret();
          DeliveredSecrets.heldToken(secret, DeliveryTarget.of(rootKey))
              .ifPresent(token -> tokens.put(currentKeyOf(write), token));
        } else if (step instanceof Step.AnswerLeak answer) {
          leaks.remove(answer.leak());
        }
      }
      rootKey.setStatus(status);
      return plan;
    }

    private String currentKeyOf(Step.WriteSecret write) {
      return write.secret().getMetadata().getAnnotations().get("rootkey.dev/key-id");
    }

    String currentKey() {
      return status.getCurrentKeyId();
    }

    String token(String keyId) {
      return tokens.get(keyId);
    }

    KeyRecord record(String id) {
      return status.getKeys().stream().filter(k -> k.getId().equals(id)).findFirst().orElseThrow();
    }

    Condition previousKeyInUse() {
      return StatusConditions.condition(status, StatusConditions.PREVIOUS_KEY_IN_USE).orElseThrow();
    }
  }

  private static RootKey rootKey(String rotation) {
    return Serialization.unmarshal(
        """
        apiVersion: rootkey.dev/v1alpha1
        kind: RootKey
        metadata: {name: billing, namespace: payments, uid: %s, generation: 1}
        spec:
          permissions: [api.*.verify_key]
          rotation: %s
          secret: {previousKey: PREVIOUS_ROOT_KEY}
        """
            .formatted(UID, rotation),
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
}
