package dev.rootkey.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.apply.KeyJournal;
import dev.rootkey.operator.apply.Reporter;
import dev.rootkey.operator.kube.AnnotationStore;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.metrics.KeyMetrics;
import dev.rootkey.testing.TestingClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One reconcile applying its one plan on in-memory stores: what only the API server's answers tell
 * (a resourceVersion, an annotation left in place) is carried from one write to the next.
 */
class KeyLifecycleTest {

  private static final String NAMESPACE = "payments";
  private static final String NAME = "billing";
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

  private final TestingClock clock = new TestingClock(START);
  private final TestingCrash crash = new TestingCrash();
  private final TestingRootKeyStore rootKeys =
      new TestingRootKeyStore((before, after) -> {}, crash);
  private final TestingSecretStore secrets = new TestingSecretStore(written -> {}, crash);
  private final TestingLeakStore leaks = new TestingLeakStore(crash);

  @Test
  void aRotationWithoutGraceTakesTheOldKeyOutOfTheSecretItWroteInTheSameReconcile() {
    KeyLifecycle lifecycle = lifecycle(rootKeys);
    create(lifecycle, "0s");
    String first = rootKeys.read().getStatus().getCurrentKeyId();

    rootKeys.annotate(Map.of(RotationAnnotations.ROTATE, "r1"));
    reconcile(lifecycle);

    RootKeyStatus status = rootKeys.read().getStatus();
    assertThat(record(status, first).getState()).isEqualTo(KeyState.Revoked);
    Secret secret = secrets.fetch(NAMESPACE, NAME).orElseThrow();
    DeliveryTarget target = DeliveryTarget.of(rootKeys.read());
    assertThat(DeliveredSecrets.heldKeyHash(secret, target.dataKey()))
        .contains(record(status, status.getCurrentKeyId()).getHash());
    assertThat(DeliveredSecrets.heldPreviousKeyHash(secret, target)).isEmpty();
    // Created, then the rotation's delivery and its tidying, each from the version before it.
    assertThat(secrets.writes()).isEqualTo(3);
  }

  @Test
  void aRotateGraceTheOperatorCouldNotRemoveStaysSpentAndTheNextRotationGetsTheSpecsGrace() {
    AnnotationStore unavailable =
        (rootKey, name, value, context) -> {
          throw new KubernetesClientException("unavailable", 503, null);
        };
    KeyLifecycle lifecycle = lifecycle(unavailable);
    create(lifecycle, "1h");
    String first = rootKeys.read().getStatus().getCurrentKeyId();

    rootKeys.annotate(
        Map.of(RotationAnnotations.ROTATE, "r1", RotationAnnotations.ROTATE_GRACE, "2m"));
    reconcile(lifecycle);
    RootKeyStatus afterFirst = rootKeys.read().getStatus();
    String second = afterFirst.getCurrentKeyId();
    assertThat(record(afterFirst, first).getExpiresAt()).isEqualTo("2026-11-22T10:02:00Z");
    assertThat(rootKeys.read().getMetadata().getAnnotations())
        .containsEntry(RotationAnnotations.ROTATE_GRACE, "2m");

    clock.advance(Duration.ofMinutes(1));
    rootKeys.annotate(Map.of(RotationAnnotations.ROTATE, "r2"));
    reconcile(lifecycle);

    assertThat(record(rootKeys.read().getStatus(), second).getExpiresAt())
        .isEqualTo("2026-11-22T11:01:00Z");
  }

  private KeyLifecycle lifecycle(AnnotationStore annotations) {
    KeyEvents quiet =
        new KeyEvents() {
          @Override
          public void normal(RootKey rootKey, String reason, String message) {}

          @Override
          public void warning(RootKey rootKey, String reason, String message) {}
        };
    return KeyLifecycle.create(
        new KeyGenerator(new SecureRandom()),
        clock,
        RecordSeal.random(new SecureRandom()),
        new LifecycleStores(
            rootKeys,
            secrets,
            annotations,
            (namespace, targets, keyId) -> List.of(),
            leaks,
            usage -> false),
        new Reporter(
            new KeyJournal(quiet, audit -> {}, AuditRecord.Source.of("test", "test"), clock),
            KeyMetrics.NONE));
  }

  /** A RootKey with a previous-key entry in its Secret and this grace, issued its first key. */
  private void create(KeyLifecycle lifecycle, String grace) {
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod(grace);
    spec.setRotation(rotation);
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("ROOT_KEY_PREVIOUS");
    spec.setSecret(secret);
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NAMESPACE).build());
    rootKey.setSpec(spec);
    rootKeys.create(rootKey);
    reconcile(lifecycle);
  }

  private void reconcile(KeyLifecycle lifecycle) {
    lifecycle.reconcile(
        rootKeys.read(),
        secrets.fetch(NAMESPACE, NAME),
        leaks.all(),
        List.of(),
        TestingContext.withoutInformers());
  }

  private static KeyRecord record(RootKeyStatus status, String id) {
    return status.getKeys().stream().filter(k -> k.getId().equals(id)).findFirst().orElseThrow();
  }
}
