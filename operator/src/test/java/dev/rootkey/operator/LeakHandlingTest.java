package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.inState;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KeyLeaks, as the scanner-webhook writes them, acted on by the real operator. */
@EnableKubernetesMockClient(crud = true)
class LeakHandlingTest {

  KubernetesClient client;

  @RegisterExtension final OperatorPerTest operator = new OperatorPerTest(() -> client);

  @Test
  void aLeakedCurrentKeyIsRevokedAtOnceAndReplacedInTheSecret() {
    KeyRecord leaked = readyKey(rootKey("billing", "api.*.verify_key"));
    String leakedToken = token(secret(client, "billing"), "ROOT_KEY");

    TestRootKeys.reportLeak(client, "billing", leaked);

    KeyLeak answered = awaitAnswer(leaked.getId());
    assertThat(answered.getStatus().getAction()).isEqualTo(LeakAction.Revoked);
    RootKey after = get(client, "billing");
    KeyRecord revoked = record(after, leaked.getId());
    assertThat(revoked.getState()).isEqualTo(KeyState.Revoked);
    assertThat(revoked.getReason()).isEqualTo(KeyReason.Leaked);
    String fresh = token(secret(client, "billing"), "ROOT_KEY");
    assertThat(fresh).isNotEqualTo(leakedToken);
    assertThat(inState(after, KeyState.Active))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.getHash()).isEqualTo(KeyHash.sha256Hex(fresh));
              assertThat(k.getId()).isEqualTo(answered.getStatus().getReplacementKeyId());
            });
    TestRootKeys.awaitEventReasons(
        client, "billing", reasons -> assertThat(reasons).contains("KeyLeaked", "KeyIssued"));
    assertThat(after.getStatus().getKeys()).hasSize(2);

    // The leak is answered: later reconciles do not rotate again.
    TestRootKeys.annotate(client, "billing", Map.of("touched", "yes"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(client, "billing").getStatus().getKeys().size() == 2);
    assertThat(TestRootKeys.eventReasons(client, "billing")).containsOnlyOnce("KeyLeaked");
  }

  @Test
  void aLeakedKeyInItsGracePeriodIsRevokedAndLeavesThePreviousKeyEntry() {
    RootKey rootKey = rootKey("ledger", "api.*.verify_key");
    SecretTarget target = new SecretTarget();
    target.setPreviousKey("PREVIOUS_ROOT_KEY");
    rootKey.getSpec().setSecret(target);
    KeyRecord old = readyKey(rootKey);
    TestRootKeys.annotate(client, "ledger", Map.of("rootkey.dev/rotate", "1"));
    // The Secret holds the new key before the status makes it current: wait for both.
    String current =
        TestRootKeys.awaitNewKeyDelivered(client, "ledger", Set.of(old.getId()))
            .getStatus()
            .getCurrentKeyId();
    assertThat(secret(client, "ledger").getData()).containsKey("PREVIOUS_ROOT_KEY");

    TestRootKeys.reportLeak(client, "ledger", record(get(client, "ledger"), old.getId()));

    assertThat(awaitAnswer(old.getId()).getStatus().getAction()).isEqualTo(LeakAction.Revoked);
    RootKey after = get(client, "ledger");
    assertThat(record(after, old.getId()).getState()).isEqualTo(KeyState.Revoked);
    assertThat(after.getStatus().getCurrentKeyId()).as("the current key stays").isEqualTo(current);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !secret(client, "ledger").getData().containsKey("PREVIOUS_ROOT_KEY"));
  }

  @Test
  void withLeakPolicyNotifyTheLeakIsOnlyRecorded() {
    RootKey rootKey = rootKey("notify", "api.*.verify_key");
    rootKey.getSpec().setLeakPolicy(LeakPolicy.Notify);
    KeyRecord leaked = readyKey(rootKey);

    TestRootKeys.reportLeak(client, "notify", leaked);

    assertThat(awaitAnswer(leaked.getId()).getStatus().getAction()).isEqualTo(LeakAction.Notified);
    assertThat(record(get(client, "notify"), leaked.getId()).getState()).isEqualTo(KeyState.Active);
    TestRootKeys.awaitEventReasons(
        client, "notify", reasons -> assertThat(reasons).contains("KeyLeaked"));
  }

  @Test
  void aLeakOfAKeyThatNoLongerVerifiesChangesNothing() {
    KeyRecord old = readyKey(rootKey("old", "api.*.verify_key"));
    TestRootKeys.annotate(
        client, "old", Map.of("rootkey.dev/rotate", "1", "rootkey.dev/rotate-grace", "0s"));
    // Revoked, and the rotation that revoked it finished: nothing else is under way.
    RootKey before = TestRootKeys.awaitNewKeyDelivered(client, "old", Set.of(old.getId()));
    assertThat(record(before, old.getId()).getState()).isEqualTo(KeyState.Revoked);

    TestRootKeys.reportLeak(client, "old", record(before, old.getId()));

    assertThat(awaitAnswer(old.getId()).getStatus().getAction())
        .isEqualTo(LeakAction.AlreadyInvalid);
    assertThat(get(client, "old").getStatus().getKeys()).isEqualTo(before.getStatus().getKeys());
  }

  @Test
  void atTheHistoryLimitALeakedCurrentKeyStaysOnRecordRevokedAndItsLeakIsAnsweredAndAudited() {
    RootKey rootKey = rootKey("tight", "api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setHistoryLimit(1);
    rootKey.getSpec().setRotation(rotation);
    try (AuditLines audit = AuditLines.capture()) {
      KeyRecord leaked = readyKey(rootKey);

      TestRootKeys.reportLeak(client, "tight", leaked);

      KeyLeak answered = awaitAnswer(leaked.getId());
      assertThat(answered.getStatus().getAction()).isEqualTo(LeakAction.Revoked);
      RootKey after = get(client, "tight");
      // Kept beyond the limit while its KeyLeak names it: the leaked key verifies REVOKED.
      KeyRecord revoked = record(after, leaked.getId());
      assertThat(revoked.getState()).isEqualTo(KeyState.Revoked);
      assertThat(revoked.getReason()).isEqualTo(KeyReason.Leaked);
      assertThat(answered.getStatus().getReplacementKeyId())
          .isEqualTo(after.getStatus().getCurrentKeyId());
      audit.awaitAtLeast(NAMESPACE, "tight", 3, Duration.ofSeconds(10));
      assertThat(audit.operations(NAMESPACE, "tight"))
          .containsExactly("key.issued", "key.rotated", "key.revoked");
      TestRootKeys.awaitEventReasons(
          client,
          "tight",
          reasons -> assertThat(reasons).contains("KeyIssued", "KeyRotated", "KeyLeaked"));
    }
  }

  @Test
  void aLeakOfAKeyWhoseRootKeyHasAnInvalidSpecIsRevokedAndAnsweredAndANewKeyFollowsTheFix() {
    KeyRecord leaked = readyKey(rootKey("billing", "api.*.verify_key"));
    TestRootKeys.editSpec(client, "billing", spec -> spec.setPrefix("Not_A_Prefix"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestRootKeys.hasCondition(get(client, "billing"), "Ready", "False", "InvalidSpec"));

    TestRootKeys.reportLeak(client, "billing", leaked);

    KeyLeak answered = awaitAnswer(leaked.getId());
    assertThat(answered.getStatus().getAction()).isEqualTo(LeakAction.Revoked);
    assertThat(answered.getStatus().getReplacementKeyId()).isNull();
    KeyRecord revoked = record(get(client, "billing"), leaked.getId());
    assertThat(revoked.getState()).isEqualTo(KeyState.Revoked);
    assertThat(revoked.getReason()).isEqualTo(KeyReason.Leaked);

    TestRootKeys.editSpec(client, "billing", spec -> spec.setPrefix(null));
    RootKey fixed = TestRootKeys.awaitNewKeyDelivered(client, "billing", Set.of(leaked.getId()));
    assertThat(record(fixed, leaked.getId()).getState()).isEqualTo(KeyState.Revoked);
  }

  private KeyRecord readyKey(RootKey rootKey) {
    client.resource(rootKey).create();
    String name = rootKey.getMetadata().getName();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, name)));
    return inState(get(client, name), KeyState.Active).get(0);
  }

  private KeyLeak awaitAnswer(String keyId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              KeyLeak leak =
                  client.resources(KeyLeak.class).inNamespace(NAMESPACE).withName(keyId).get();
              return leak.getStatus() != null && leak.getStatus().getAction() != null;
            });
    return client.resources(KeyLeak.class).inNamespace(NAMESPACE).withName(keyId).get();
  }

  private static KeyRecord record(RootKey rootKey, String id) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
