package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.inState;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.KeyHash;
import dev.rootkey.operator.kube.CachingAnnotationStore;
import dev.rootkey.operator.kube.CachingStatusStore;
import dev.rootkey.operator.kube.KubernetesKeyEvents;
import dev.rootkey.operator.kube.KubernetesLeakStore;
import dev.rootkey.operator.kube.KubernetesSecretStore;
import dev.rootkey.operator.kube.KubernetesUsageStore;
import dev.rootkey.operator.kube.KubernetesWorkloadRestarter;
import dev.rootkey.operator.kube.LifecycleStores;
import dev.rootkey.operator.metrics.KeyMetrics;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issuance stopped after each of its durable steps, then resumed by a fresh operator process: the
 * result is always exactly one Active key, the one in the Secret, and no key is lost.
 */
@EnableKubernetesMockClient(crud = true)
class IssuanceCrashSafetyTest {

  KubernetesClient client;
  private final SimulatedCrash crash = new SimulatedCrash();
  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @BeforeEach
  void installCrd() {
    TestRootKeys.installCrd(client);
  }

  @Test
  void whenTheProcessDiesAfterRecordingTheHashThenTheNextProcessIssuesOneKey()
      throws InterruptedException {
    Operator dying =
        operatorWith(
            crash.statusStoreDyingAfterWrite(new CachingStatusStore(), 1),
            crash.secretStore(new KubernetesSecretStore(client)));
    dying.start();
    client.resource(rootKey("billing", "api.*.verify_key")).create();
    assertThat(crash.awaitCrash()).isTrue();
    dying.stop();

    // What the dead process left: a Pending hash and no Secret, so no key exists anywhere.
    RootKey left = get(client, "billing");
    assertThat(left.getStatus().getKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.getState()).isEqualTo(KeyState.Pending));
    assertThat(secret(client, "billing")).isNull();

    RootKey finished = resumeWithFreshOperator("billing");
    KeyRecord active = singleActiveKeyInTheSecret(finished, "billing");
    assertThat(finished.getStatus().getKeys()).containsExactly(active);
  }

  @Test
  void whenTheProcessDiesAfterWritingTheSecretThenTheDeliveredKeyBecomesActive()
      throws InterruptedException {
    Operator dying =
        operatorWith(
            crash.statusStore(new CachingStatusStore()),
            crash.secretStoreDyingAfterWrite(new KubernetesSecretStore(client), 1));
    dying.start();
    client.resource(rootKey("search", "api.*.verify_key")).create();
    assertThat(crash.awaitCrash()).isTrue();
    dying.stop();

    // The delivered key already verifies: its hash is on record as Pending.
    RootKey left = get(client, "search");
    String delivered = token(secret(client, "search"), "ROOT_KEY");
    KeyRecord pending = left.getStatus().getKeys().get(0);
    assertThat(pending.getState()).isEqualTo(KeyState.Pending);
    assertThat(pending.getHash()).isEqualTo(KeyHash.sha256Hex(delivered));

    RootKey finished = resumeWithFreshOperator("search");
    KeyRecord active = singleActiveKeyInTheSecret(finished, "search");
    assertThat(active.getId())
        .as("the delivered key is kept, not replaced")
        .isEqualTo(pending.getId());
    assertThat(token(secret(client, "search"), "ROOT_KEY")).isEqualTo(delivered);
  }

  @Test
  void whenTheProcessDiesWhileReplacingALostSecretThenTheNextProcessFinishesTheReplacement()
      throws InterruptedException {
    Operator healthy = operatorWith(new CachingStatusStore(), new KubernetesSecretStore(client));
    healthy.start();
    client.resource(rootKey("ledger", "api.*.verify_key")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "ledger")));
    healthy.stop();

    Operator dying =
        operatorWith(
            crash.statusStore(new CachingStatusStore()),
            crash.secretStoreDyingAfterWrite(new KubernetesSecretStore(client), 1));
    client.secrets().inNamespace(TestRootKeys.NAMESPACE).withName("ledger").delete();
    dying.start();
    assertThat(crash.awaitCrash()).isTrue();
    dying.stop();
    String delivered = token(secret(client, "ledger"), "ROOT_KEY");

    RootKey finished = resumeWithFreshOperator("ledger");
    KeyRecord active = singleActiveKeyInTheSecret(finished, "ledger");
    assertThat(active.getHash()).isEqualTo(KeyHash.sha256Hex(delivered));
    // The lost key keeps its grace period: running pods may still hold it.
    assertThat(inState(finished, KeyState.Expiring)).hasSize(1);
  }

  @Test
  void
      whenTheProcessDiesAfterRecordingARotationsHashThenTheOldKeyStillVerifiesAndOneRotationFollows()
          throws InterruptedException {
    KeyRecord old = issueWithHealthyOperator("audit");
    String oldKey = token(secret(client, "audit"), "ROOT_KEY");
    Operator dying =
        operatorWith(
            crash.statusStoreDyingAfterWrite(new CachingStatusStore(), 1),
            crash.secretStore(new KubernetesSecretStore(client)));
    dying.start();
    requestRotation("audit", "r1");
    assertThat(crash.awaitCrash()).isTrue();
    dying.stop();

    // The old key is untouched: still Active and still in the Secret.
    RootKey left = get(client, "audit");
    assertThat(inState(left, KeyState.Active)).singleElement().isEqualTo(old);
    assertThat(inState(left, KeyState.Pending)).hasSize(1);
    assertThat(token(secret(client, "audit"), "ROOT_KEY")).isEqualTo(oldKey);

    RootKey finished = resumeWithFreshOperator("audit");
    KeyRecord active = singleActiveKeyInTheSecret(finished, "audit");
    assertThat(active.getId()).isNotEqualTo(old.getId());
    assertThat(finished.getStatus().getKeys()).hasSize(2);
    assertOldKeyInGrace(finished, old);
  }

  @Test
  void whenTheProcessDiesAfterDeliveringARotatedKeyThenBothKeysVerifyAndTheDeliveredOneWins()
      throws InterruptedException {
    KeyRecord old = issueWithHealthyOperator("ops");
    Operator dying =
        operatorWith(
            crash.statusStore(new CachingStatusStore()),
            crash.secretStoreDyingAfterWrite(new KubernetesSecretStore(client), 1));
    dying.start();
    requestRotation("ops", "r1");
    assertThat(crash.awaitCrash()).isTrue();
    dying.stop();

    // Both keys verify now: the delivered one as Pending, the old one still Active.
    RootKey left = get(client, "ops");
    String delivered = token(secret(client, "ops"), "ROOT_KEY");
    assertThat(inState(left, KeyState.Pending))
        .singleElement()
        .satisfies(k -> assertThat(k.getHash()).isEqualTo(KeyHash.sha256Hex(delivered)));
    assertThat(inState(left, KeyState.Active)).singleElement().isEqualTo(old);

    RootKey finished = resumeWithFreshOperator("ops");
    KeyRecord active = singleActiveKeyInTheSecret(finished, "ops");
    assertThat(active.getHash()).isEqualTo(KeyHash.sha256Hex(delivered));
    assertOldKeyInGrace(finished, old);
  }

  private KeyRecord issueWithHealthyOperator(String name) {
    Operator healthy = operatorWith(new CachingStatusStore(), new KubernetesSecretStore(client));
    healthy.start();
    try {
      client.resource(rootKey(name, "api.*.verify_key")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, name)));
      return inState(get(client, name), KeyState.Active).get(0);
    } finally {
      healthy.stop();
    }
  }

  private void requestRotation(String name, String value) {
    TestRootKeys.annotate(client, name, Map.of("rootkey.dev/rotate", value));
  }

  private static void assertOldKeyInGrace(RootKey rootKey, KeyRecord old) {
    KeyRecord replaced =
        rootKey.getStatus().getKeys().stream()
            .filter(k -> k.getId().equals(old.getId()))
            .findFirst()
            .orElseThrow();
    assertThat(replaced.getState()).isEqualTo(KeyState.Expiring);
    assertThat(replaced.getReason()).isEqualTo(dev.rootkey.api.v1alpha1.KeyReason.Manual);
    assertThat(java.time.Instant.parse(replaced.getExpiresAt()))
        .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
    assertThat(rootKey.getStatus().getLastRotateRequest()).isEqualTo("r1");
  }

  private KeyRecord singleActiveKeyInTheSecret(RootKey rootKey, String secretName) {
    Secret secret = secret(client, secretName);
    String key = token(secret, "ROOT_KEY");
    assertThat(inState(rootKey, KeyState.Pending)).isEmpty();
    assertThat(inState(rootKey, KeyState.Active))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.getHash()).isEqualTo(KeyHash.sha256Hex(key));
              assertThat(k.getId()).isEqualTo(rootKey.getStatus().getCurrentKeyId());
              assertThat(secret.getMetadata().getAnnotations())
                  .containsEntry("rootkey.dev/key-id", k.getId());
            });
    return inState(rootKey, KeyState.Active).get(0);
  }

  private RootKey resumeWithFreshOperator(String name) {
    Operator fresh =
        RootKeyOperator.create(client, Clock.systemUTC(), generator, TestRootKeys.SEAL, Set.of());
    fresh.start();
    try {
      // Ready may still say so from before the crash: wait until the issuance is finished too.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  isReady(get(client, name))
                      && get(client, name).getStatus().getIssuing() == null
                      && inState(get(client, name), KeyState.Pending).isEmpty());
      return get(client, name);
    } finally {
      fresh.stop();
    }
  }

  private Operator operatorWith(
      dev.rootkey.operator.kube.StatusStore statuses,
      dev.rootkey.operator.kube.SecretStore secrets) {
    return RootKeyOperator.create(
        client,
        Set.of(),
        RootKeyOperator.lifecycle(
            generator,
            Clock.systemUTC(),
            TestRootKeys.SEAL,
            new LifecycleStores(
                statuses,
                secrets,
                new CachingAnnotationStore(),
                new KubernetesWorkloadRestarter(client),
                new KubernetesLeakStore(client),
                new KubernetesUsageStore(client)),
            new LifecycleReporting(
                new KubernetesKeyEvents(client, Clock.systemUTC()), KeyMetrics.NONE)));
  }
}
