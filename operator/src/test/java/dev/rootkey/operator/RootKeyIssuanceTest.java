package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.inState;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.readyReason;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static dev.rootkey.operator.TestRootKeys.withSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real operator issuing keys against the in-process API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class RootKeyIssuanceTest {

  KubernetesClient client;

  @RegisterExtension final OperatorPerTest operator = new OperatorPerTest(() -> client);

  @Test
  void whenARootKeyIsCreatedThenItsKeyIsInAnOwnedSecretAndOnlyItsHashIsRecorded() {
    RootKey created =
        client
            .resource(
                withSecret(
                    rootKey("billing", "api.*.create_key", "api.*.verify_key"),
                    "billing-root-key",
                    Map.of("team", "payments"),
                    Map.of("owner", "billing@example.com")))
            .create();

    RootKey ready = awaitReady("billing");
    assertThat(ready.getStatus().getPhase()).isEqualTo(Phase.Active);
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    List<KeyRecord> active = inState(ready, KeyState.Active);
    assertThat(active).hasSize(1);
    assertThat(ready.getStatus().getKeys()).hasSize(1);
    KeyRecord record = active.get(0);
    assertThat(ready.getStatus().getCurrentKeyId()).isEqualTo(record.getId());

    Secret secret = secret(client, "billing-root-key");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "rootkey-operator")
        .containsEntry("team", "payments");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("rootkey.dev/key-id", record.getId())
        .containsEntry("owner", "billing@example.com");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(ref.getKind()).isEqualTo("RootKey");
              assertThat(ref.getController()).isTrue();
            });

    String key = token(secret, "ROOT_KEY");
    assertThat(KeyFormat.isWellFormed(key)).isTrue();
    assertThat(key).startsWith("rk_").startsWith(record.getStart());
    assertThat(KeyHash.sha256Hex(key)).isEqualTo(record.getHash());
    TestRootKeys.awaitEventReasons(
        client, "billing", reasons -> assertThat(reasons).contains("KeyIssued"));
  }

  @Test
  void defaultsNameTheSecretAfterTheRootKeyAndUseTheDataKeyRootKey() {
    client.resource(rootKey("search", "api.search.verify_key")).create();
    RootKey ready = awaitReady("search");
    Secret secret = secret(client, "search");
    assertThat(KeyHash.sha256Hex(token(secret, "ROOT_KEY")))
        .isEqualTo(inState(ready, KeyState.Active).get(0).getHash());
  }

  @Test
  void aCustomPrefixAndDataKeyAreUsed() {
    RootKey rootKey = rootKey("ledger", "api.ledger.read");
    rootKey.getSpec().setPrefix("ledger");
    withSecret(rootKey, "ledger-key", null, null).getSpec().getSecret().setKey("API_KEY");
    client.resource(rootKey).create();
    awaitReady("ledger");
    String key = token(secret(client, "ledger-key"), "API_KEY");
    assertThat(key).startsWith("ledger_").hasSize(KeyFormat.tokenLength("ledger"));
  }

  @Test
  void aNoOpReconcileWritesNothingAndEmitsNoEvent() {
    client.resource(rootKey("quiet", "api.*.verify_key")).create();
    RootKey ready = awaitReady("quiet");
    // The event follows the status write that made it Ready: wait for it before the baseline.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> TestRootKeys.eventReasons(client, "quiet").contains("KeyIssued"));
    String secretVersion = secret(client, "quiet").getMetadata().getResourceVersion();
    int events = TestRootKeys.eventReasons(client, "quiet").size();

    // An unrelated annotation makes the operator reconcile (it is not generation-aware).
    TestRootKeys.annotate(client, "quiet", Map.of("note", "touched"));

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              RootKey now = get(client, "quiet");
              assertThat(now.getStatus()).isEqualTo(ready.getStatus());
              assertThat(secret(client, "quiet").getMetadata().getResourceVersion())
                  .isEqualTo(secretVersion);
              assertThat(TestRootKeys.eventReasons(client, "quiet")).hasSize(events);
            });
  }

  @Test
  void whenTheSecretIsDeletedThenANewKeyIsIssuedAndTheLostOneRecorded() {
    client.resource(rootKey("lost", "api.*.verify_key")).create();
    KeyRecord first = inState(awaitReady("lost"), KeyState.Active).get(0);

    client.secrets().inNamespace(NAMESPACE).withName("lost").delete();

    RootKey reissued = awaitNewCurrentKey("lost", first.getId());
    assertNewKeyReplacedLostOne(reissued, first, token(secret(client, "lost"), "ROOT_KEY"));
  }

  @Test
  void whenTheSecretsKeyIsChangedByHandThenANewKeyIsIssued() {
    client.resource(rootKey("tampered", "api.*.verify_key")).create();
    KeyRecord first = inState(awaitReady("tampered"), KeyState.Active).get(0);
    String forged = new KeyGenerator(new SecureRandom()).generate("rk").token();

    client
        .secrets()
        .inNamespace(NAMESPACE)
        .withName("tampered")
        .edit(
            s ->
                new SecretBuilder(s)
                    .addToData("ROOT_KEY", Base64.getEncoder().encodeToString(forged.getBytes()))
                    .build());

    RootKey reissued = awaitNewCurrentKey("tampered", first.getId());
    String delivered = token(secret(client, "tampered"), "ROOT_KEY");
    assertThat(delivered).isNotEqualTo(forged);
    assertNewKeyReplacedLostOne(reissued, first, delivered);
  }

  @Test
  void aSecretThatIsNotOursIsNeverOverwritten() {
    Secret foreign =
        new SecretBuilder()
            .withNewMetadata()
            .withName("taken")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .addToStringData("ROOT_KEY", "someone-elses")
            .addToData("ROOT_KEY", Base64.getEncoder().encodeToString("someone-elses".getBytes()))
            .build();
    client.resource(foreign).create();
    client.resource(rootKey("taken", "api.*.verify_key")).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "False/SecretConflict".equals(readyReason(get(client, "taken"))));
    RootKey refused = get(client, "taken");
    assertThat(refused.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(refused.getStatus().getKeys()).isEmpty();
    assertThat(token(secret(client, "taken"), "ROOT_KEY")).isEqualTo("someone-elses");
    TestRootKeys.awaitEventReasons(
        client, "taken", reasons -> assertThat(reasons).containsOnlyOnce("SecretConflict"));
  }

  @Test
  void anInvalidSpecIsReportedAndNothingIsIssued() {
    RootKey invalid = rootKey("broken", "api..verify_key");
    invalid.getSpec().setPrefix("RK_");
    client.resource(invalid).create();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "False/InvalidSpec".equals(readyReason(get(client, "broken"))));
    RootKey refused = get(client, "broken");
    String message = refused.getStatus().getConditions().get(0).getMessage();
    assertThat(message).contains("spec.permissions[0]").contains("spec.prefix");
    assertThat(refused.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(refused.getStatus().getKeys()).isEmpty();
    assertThat(secret(client, "broken")).isNull();

    // Fixing the spec issues the key.
    TestRootKeys.editSpec(
        client,
        "broken",
        spec -> {
          spec.setPermissions(List.of("api.*.verify_key"));
          spec.setPrefix("rk");
        });
    awaitReady("broken");
    assertThat(secret(client, "broken")).isNotNull();
  }

  @Test
  void anEmptyPermissionListIsInvalid() {
    client.resource(rootKey("nothing")).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "False/InvalidSpec".equals(readyReason(get(client, "nothing"))));
    assertThat(get(client, "nothing").getStatus().getConditions().get(0).getMessage())
        .contains("spec.permissions must list at least one permission");
    assertThat(secret(client, "nothing")).isNull();
  }

  private void assertNewKeyReplacedLostOne(RootKey reissued, KeyRecord first, String delivered) {
    assertThat(inState(reissued, KeyState.Active))
        .singleElement()
        .satisfies(k -> assertThat(k.getHash()).isEqualTo(KeyHash.sha256Hex(delivered)));
    KeyRecord lost =
        reissued.getStatus().getKeys().stream()
            .filter(k -> k.getId().equals(first.getId()))
            .findFirst()
            .orElseThrow();
    // Running pods may still hold the lost key: it stays valid for the grace period (1h).
    assertThat(lost.getState()).isEqualTo(KeyState.Expiring);
    assertThat(lost.getReason()).isEqualTo(KeyReason.SecretLost);
    assertThat(Instant.parse(lost.getExpiresAt()))
        .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plusSeconds(3600));
    TestRootKeys.awaitEventReasons(
        client,
        reissued.getMetadata().getName(),
        reasons -> assertThat(reasons).contains("SecretLost", "KeyRotated"));
  }

  private RootKey awaitReady(String name) {
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, name)));
    return get(client, name);
  }

  private RootKey awaitNewCurrentKey(String name, String oldKeyId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              RootKey now = get(client, name);
              return isReady(now) && !oldKeyId.equals(now.getStatus().getCurrentKeyId());
            });
    return get(client, name);
  }
}
