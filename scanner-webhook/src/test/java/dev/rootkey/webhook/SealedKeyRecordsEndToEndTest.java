package dev.rootkey.webhook;

import static dev.rootkey.webhook.RunningSystem.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.SecretTarget;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key records the operator did not write, put in a RootKey's status by whoever may write it,
 * against the real operator and the real webhook over HTTP: they neither verify a key nor receive
 * its leak.
 */
@EnableKubernetesMockClient(crud = true)
class SealedKeyRecordsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String VERIFY = "api.*.verify_key";

  KubernetesClient client;
  private RunningSystem system;
  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());

  @BeforeEach
  void start() throws Exception {
    for (String namespace : List.of("team-a", "team-b", "payments")) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void aRecordCopiedIntoAnotherNamespaceNeitherAnswersForItsKeyNorReceivesItsLeak()
      throws Exception {
    String victimToken = issue(rootKey("team-a", "billing", VERIFY));
    KeyRecord victim = current("team-a", "billing");
    issue(rootKey("team-b", "intruder", VERIFY, "api.*.admin"));
    // While the operator is down, or before it gets to team-b, nothing removes the copy.
    system.stopOperator();

    // Someone allowed to write rootkeys/status in team-b copies team-a's record, seal and all.
    RootKey intruder = get("team-b", "intruder");
    KeyRecord copy = new KeyRecord(victim);
    copy.setId("copied");
    KeyRecord revokedCopy = new KeyRecord(victim);
    revokedCopy.setState(KeyState.Revoked);
    intruder.getStatus().getKeys().add(0, copy);
    intruder.getStatus().getKeys().add(0, revokedCopy);
    client.resource(intruder).updateStatus();
    awaitWebhookPastEverythingWrittenSoFar("team-b");

    JsonNode verdict = system.verify(victimToken, List.of(VERIFY)).get("data");
    assertThat(verdict.get("code").asText()).isEqualTo("VALID");
    assertThat(verdict.get("keyId").asText()).isEqualTo(victim.getId());
    assertThat(verdict.get("rootKey").get("namespace").asText()).isEqualTo("team-a");
    assertThat(verdict.get("rootKey").get("name").asText()).isEqualTo("billing");
    assertThat(system.verify(victimToken, List.of("api.*.admin")).get("data").get("code").asText())
        .isEqualTo("INSUFFICIENT_PERMISSIONS");

    // GitHub finds team-a's key: the leak is filed where the key was issued, and nowhere else.
    HttpResponse<String> answer = system.alert(List.of(match(victimToken)));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(client.resources(KeyLeak.class).inNamespace("team-b").list().getItems()).isEmpty();
    KeyLeak leak =
        client
            .resources(KeyLeak.class)
            .inNamespace("team-a")
            .withName(KeyLeak.nameFor(victim.getId()))
            .get();
    assertThat(leak.getSpec().getRootKey()).isEqualTo("billing");

    system.startOperator();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              KeyLeak answered = leakIn("team-a", victim.getId());
              return answered.getStatus() != null
                  && answered.getStatus().getAction() == LeakAction.Revoked;
            });
    await()
        .atMost(WAIT)
        .until(
            () -> system.verify(victimToken, List.of(VERIFY)).get("data").get("code").asText(),
            code -> code.equals("REVOKED"));
    // The operator's next write of team-b's status dropped both copies; it sealed neither.
    await()
        .atMost(WAIT)
        .until(
            () ->
                get("team-b", "intruder").getStatus().getKeys().stream()
                    .noneMatch(k -> victim.getHash().equals(k.getHash())));
    assertThat(get("team-b", "intruder").getStatus().getKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.getSeal()).isNotBlank());
    assertThat(system.verify(token("team-b", "intruder"), List.of(VERIFY)).get("data").get("code"))
        .hasToString("\"VALID\"");
  }

  @Test
  void afterAnUpgradeTheKeysTheSecretHoldsAreSealedAndKeepVerifyingAndNoOtherRecordDoes()
      throws Exception {
    RootKey legacy = rootKey("payments", "legacy", VERIFY);
    SecretTarget secret = new SecretTarget();
    secret.setPreviousKey("PREVIOUS_ROOT_KEY");
    legacy.getSpec().setSecret(secret);
    String first = issue(legacy);
    client
        .resources(RootKey.class)
        .inNamespace("payments")
        .withName("legacy")
        .edit(
            r -> {
              r.getMetadata().setAnnotations(Map.of(RotationAnnotations.ROTATE, "upgrade-test"));
              return r;
            });
    await().atMost(WAIT).until(() -> !first.equals(token("payments", "legacy")));
    String current = token("payments", "legacy");
    await()
        .atMost(WAIT)
        .until(() -> first.equals(held("payments", "legacy", "PREVIOUS_ROOT_KEY").orElse(null)));
    await()
        .atMost(WAIT)
        .until(() -> current("payments", "legacy").getHash().equals(KeyHash.sha256Hex(current)));

    // What a version without seals left behind: no seals, and a record its Secret does not hold.
    system.stopOperator();
    RootKey old = get("payments", "legacy");
    old.getStatus().getKeys().forEach(k -> k.setSeal(null));
    GeneratedKey unheld = generator.generate("rk");
    KeyRecord unheldRecord = new KeyRecord();
    unheldRecord.setId("unheld");
    unheldRecord.setHash(unheld.hash());
    unheldRecord.setStart(unheld.start());
    unheldRecord.setState(KeyState.Expiring);
    unheldRecord.setCreatedAt(Instant.now().toString());
    unheldRecord.setExpiresAt(Instant.now().plus(Duration.ofHours(1)).toString());
    old.getStatus().getKeys().add(unheldRecord);
    client.resource(old).updateStatus();
    // Until the operator has sealed them, the webhook takes none of these records for its own.
    await().atMost(WAIT).until(() -> code(current).equals("NOT_FOUND"));
    assertThat(code(first)).isEqualTo("NOT_FOUND");
    assertThat(code(unheld.token())).isEqualTo("NOT_FOUND");

    system.startOperator();
    await().atMost(WAIT).until(() -> code(current).equals("VALID"));
    await().atMost(WAIT).until(() -> code(first).equals("VALID"));
    assertThat(code(unheld.token())).isEqualTo("NOT_FOUND");
    RootKeyStatus sealed = get("payments", "legacy").getStatus();
    assertThat(sealed.getKeys())
        .extracting(KeyRecord::getHash)
        .containsExactlyInAnyOrder(KeyHash.sha256Hex(current), KeyHash.sha256Hex(first));
    assertThat(sealed.getKeys()).allSatisfy(k -> assertThat(k.getSeal()).isNotBlank());
    assertThat(token("payments", "legacy")).isEqualTo(current);
  }

  /**
   * Waits until the webhook's index has seen every RootKey written so far: the webhook watches all
   * namespaces through one watch, whose events arrive in the order they were written, so once it
   * answers for a RootKey written now, it has seen every earlier write.
   */
  private void awaitWebhookPastEverythingWrittenSoFar(String namespace) throws Exception {
    RootKey marker = rootKey(namespace, "marker", VERIFY);
    client.resource(marker).create();
    RootKey created = get(namespace, "marker");
    GeneratedKey key = generator.generate("rk");
    KeyRecord record = new KeyRecord();
    record.setId("marker");
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Active);
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new ArrayList<>(List.of(system.seal.sealed(namespace, uid(created), record))));
    created.setStatus(status);
    client.resource(created).updateStatus();
    await().atMost(WAIT).until(() -> code(key.token()).equals("VALID"));
    client.resource(created).delete();
  }

  private String code(String token) throws Exception {
    return system.verify(token, List.of(VERIFY)).get("data").get("code").asText();
  }

  private static String uid(RootKey rootKey) {
    return rootKey.getMetadata().getUid();
  }

  /** Creates the RootKey and waits until its key is in its Secret and verifies. */
  private String issue(RootKey rootKey) throws Exception {
    String namespace = rootKey.getMetadata().getNamespace();
    String name = rootKey.getMetadata().getName();
    client.resource(rootKey).create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.secrets().inNamespace(namespace).withName(name).get() != null
                    && get(namespace, name).getStatus() != null
                    && get(namespace, name).getStatus().getCurrentKeyId() != null);
    String token = token(namespace, name);
    await().atMost(WAIT).until(() -> code(token).equals("VALID"));
    return token;
  }

  private static RootKey rootKey(String namespace, String name, String... permissions) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of(permissions));
    rootKey.setSpec(spec);
    return rootKey;
  }

  private RootKey get(String namespace, String name) {
    return client.resources(RootKey.class).inNamespace(namespace).withName(name).get();
  }

  private KeyRecord current(String namespace, String name) {
    RootKey rootKey = get(namespace, name);
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(rootKey.getStatus().getCurrentKeyId()))
        .findFirst()
        .orElseThrow();
  }

  private KeyLeak leakIn(String namespace, String keyId) {
    return client
        .resources(KeyLeak.class)
        .inNamespace(namespace)
        .withName(KeyLeak.nameFor(keyId))
        .get();
  }

  private String token(String namespace, String name) {
    return held(namespace, name, "ROOT_KEY").orElseThrow();
  }

  private Optional<String> held(String namespace, String name, String dataKey) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(secret.getData())
        .map(data -> data.get(dataKey))
        .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
  }
}
