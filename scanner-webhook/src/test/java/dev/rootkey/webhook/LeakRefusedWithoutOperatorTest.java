package dev.rootkey.webhook;

import static dev.rootkey.webhook.RunningSystem.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakPolicy;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leaked key stops verifying as soon as its alert is answered, with no operator running to revoke
 * its record: as during a leader failover.
 */
@EnableKubernetesMockClient(crud = true)
class LeakRefusedWithoutOperatorTest {

  private static final String NAMESPACE = "payments";
  KubernetesClient client;
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void aLeakedKeyIsRefusedAtOnceByTheReplicaThatTookTheAlertAndByTheOthersOnceTheyWatchedIt()
      throws Exception {
    String leaked = issue("billing", null);
    ScannerWebhook other = system.startReplica();
    await().atMost(Duration.ofSeconds(30)).until(() -> code(other, leaked).equals("VALID"));
    system.stopOperator();

    HttpResponse<String> answer = system.alert(List.of(match(leaked)));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("true_positive");
    // The very next verification, on the replica that answered: no waiting.
    assertThat(code(leaked)).isEqualTo("REVOKED");
    await().atMost(Duration.ofSeconds(30)).until(() -> code(other, leaked).equals("REVOKED"));
    // Nobody revoked the record: the KeyLeak alone refuses the key.
    assertThat(record("billing").getState()).isEqualTo(KeyState.Active);
  }

  @Test
  void aLeakedKeyOfARootKeyWithLeakPolicyNotifyKeepsVerifying() throws Exception {
    String leaked = issue("search", LeakPolicy.Notify);
    system.stopOperator();

    HttpResponse<String> answer = system.alert(List.of(match(leaked)));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("true_positive");
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    assertThat(code(leaked)).isEqualTo("VALID");
  }

  @Test
  void aKeyLeakNamingAHashThatIsNotTheNamedRecordsRefusesNothing() throws Exception {
    String billing = issue("billing", null);
    String search = issue("search", null);
    String canary = issue("canary", null);
    system.stopOperator();

    // Each names a real record with the other's hash: whoever may create KeyLeaks revokes nothing.
    createLeak("forged-1", "billing", record("billing").getId(), KeyHash.sha256Hex(search));
    createLeak("forged-2", "search", record("search").getId(), KeyHash.sha256Hex(billing));
    createLeak("genuine", "canary", record("canary").getId(), KeyHash.sha256Hex(canary));
    // One watch delivers in order: once the last is seen, the forged ones were.
    await().atMost(Duration.ofSeconds(30)).until(() -> code(canary).equals("REVOKED"));

    assertThat(code(billing)).isEqualTo("VALID");
    assertThat(code(search)).isEqualTo("VALID");
  }

  @Test
  void aKeyLeakDeletedBeforeTheOperatorRevokedTheRecordNoLongerRefusesTheKey() throws Exception {
    String leaked = issue("billing", null);
    system.stopOperator();
    system.alert(List.of(match(leaked)));
    assertThat(code(leaked)).isEqualTo("REVOKED");

    client.resources(KeyLeak.class).inNamespace(NAMESPACE).delete();

    // The operator's Revoked record is the durable truth; it never wrote one here.
    await().atMost(Duration.ofSeconds(30)).until(() -> code(leaked).equals("VALID"));
  }

  private void createLeak(String name, String rootKey, String keyId, String tokenHash) {
    KeyLeak leak = new KeyLeak();
    leak.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    KeyLeakSpec spec = new KeyLeakSpec();
    spec.setRootKey(rootKey);
    spec.setKeyId(keyId);
    spec.setTokenHash(tokenHash);
    spec.setReporter("github");
    leak.setSpec(spec);
    client.resource(leak).create();
  }

  private String code(String key) throws Exception {
    return system.verify(key, List.of()).at("/data/code").asText();
  }

  private String code(ScannerWebhook replica, String key) throws Exception {
    return system.verifyCodeOn(replica, key);
  }

  /** Declares a RootKey and waits until its key is in the Secret and verifies. */
  private String issue(String name, LeakPolicy policy) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    spec.setLeakPolicy(policy);
    rootKey.setSpec(spec);
    client.resource(rootKey).create();
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
              if (secret == null || secret.getData() == null) {
                return null;
              }
              String token =
                  new String(
                      Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")),
                      StandardCharsets.UTF_8);
              return "VALID".equals(code(token)) ? token : null;
            },
            Objects::nonNull);
  }

  private KeyRecord record(String name) {
    RootKey rootKey = client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(rootKey.getStatus().getCurrentKeyId()))
        .findFirst()
        .orElseThrow();
  }
}
