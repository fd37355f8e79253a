package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.audit.AuditRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's audit records, read as a log pipeline reads them: one JSON line per key operation,
 * naming who asked for a rotation, and never a key.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorAuditTest {

  KubernetesClient client;
  private Operator operator;
  private AuditLines audit;
  private final Set<String> issuedKeys = new LinkedHashSet<>();

  @BeforeEach
  void start() {
    audit = AuditLines.capture();
    operator = TestRootKeys.startOperator(client);
  }

  @AfterEach
  void stop() {
    operator.stop();
    audit.close();
  }

  @Test
  void rotationsExpiriesAndRevocationsAreRecordedOnceEachWithWhoAskedAndNoKey() {
    RootKey billing = rootKey("billing", "api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod("1s");
    billing.getSpec().setRotation(rotation);
    client.resource(billing).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "billing")));
    KeyRecord first = current("billing");
    remember("billing");

    // As the admission webhook stamps it when a service account sets the annotation.
    TestRootKeys.annotate(
        client,
        "billing",
        Map.of(
            RotationAnnotations.ROTATE,
            "1",
            RotationAnnotations.ROTATE_REQUESTED_BY,
            "system:serviceaccount:ci:deployer"));
    awaitOperations("billing", "key.issued", "key.rotated", "key.expired");
    remember("billing");
    KeyRecord second = current("billing");

    TestRootKeys.annotate(
        client,
        "billing",
        Map.of(
            RotationAnnotations.ROTATE,
            "2",
            RotationAnnotations.ROTATE_GRACE,
            "0s",
            RotationAnnotations.ROTATE_REQUESTED_BY,
            "alice@example.com"));
    awaitOperations(
        "billing", "key.issued", "key.rotated", "key.expired", "key.rotated", "key.revoked");
    remember("billing");
    KeyRecord third = current("billing");

    TestRootKeys.reportLeak(client, "billing", third);
    awaitOperations(
        "billing",
        "key.issued",
        "key.rotated",
        "key.expired",
        "key.rotated",
        "key.revoked",
        "key.rotated",
        "key.revoked");
    remember("billing");

    List<JsonNode> records = audit.of(NAMESPACE, "billing");
    JsonNode issued = records.get(0);
    assertThat(issued.path("schema").asText()).isEqualTo(AuditRecord.SCHEMA);
    assertThat(Instant.parse(issued.path("time").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(issued.path("key").path("id").asText()).isEqualTo(first.getId());
    assertThat(first.getHash()).startsWith(issued.path("key").path("hashPrefix").asText());
    assertThat(issued.path("key").path("hashPrefix").asText()).hasSize(12);
    assertThat(issued.path("actor").path("type").asText()).isEqualTo("controller");
    assertThat(issued.path("source").path("service").asText()).isEqualTo("rootkey-operator");

    JsonNode scheduledByCi = records.get(1);
    assertThat(scheduledByCi.path("key").path("id").asText()).isEqualTo(second.getId());
    assertThat(scheduledByCi.path("actor").path("type").asText()).isEqualTo("serviceaccount");
    assertThat(scheduledByCi.path("actor").path("username").asText())
        .isEqualTo("system:serviceaccount:ci:deployer");
    assertThat(scheduledByCi.path("details").path("trigger").asText()).isEqualTo("Manual");
    assertThat(scheduledByCi.path("details").path("gracePeriod").asText()).isEqualTo("1s");
    assertThat(scheduledByCi.path("details").path("replacedKeyId").asText())
        .isEqualTo(first.getId());

    JsonNode graceOver = records.get(2);
    assertThat(graceOver.path("key").path("id").asText()).isEqualTo(first.getId());
    assertThat(graceOver.path("details").path("reason").asText()).isEqualTo("GracePeriodOver");
    assertThat(graceOver.path("details").path("endedBy").asText()).isEqualTo("gracePeriod");

    JsonNode revokedByAlice = records.get(4);
    assertThat(revokedByAlice.path("key").path("id").asText()).isEqualTo(second.getId());
    assertThat(revokedByAlice.path("actor").path("username").asText())
        .isEqualTo("alice@example.com");
    assertThat(revokedByAlice.path("details").path("reason").asText()).isEqualTo("Manual");

    JsonNode leakRotation = records.get(5);
    assertThat(leakRotation.path("details").path("trigger").asText()).isEqualTo("Leaked");
    assertThat(leakRotation.path("actor").path("type").asText()).isEqualTo("controller");
    JsonNode leakRevocation = records.get(6);
    assertThat(leakRevocation.path("key").path("id").asText()).isEqualTo(third.getId());
    assertThat(leakRevocation.path("details").path("reason").asText()).isEqualTo("Leaked");
    assertThat(leakRevocation.path("details").path("url").asText())
        .isEqualTo("https://github.com/octocat/Hello-World/blob/main/.env");
    assertThat(leakRevocation.path("details").path("replacedBy").asText())
        .isEqualTo(current("billing").getId());

    // `kubectl describe` names the requester too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "KeyRotated".equals(e.getReason())
                                && e.getMessage().contains("requested by alice@example.com")));
    assertNoKeyInTheAuditTrail();
  }

  @Test
  void atTheHistoryLimitARotationWithoutGraceIsRecordedAndItsRevocationAudited() {
    RootKey tight = rootKey("tight", "api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setHistoryLimit(1);
    tight.getSpec().setRotation(rotation);
    client.resource(tight).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "tight")));
    remember("tight");
    KeyRecord first = current("tight");

    TestRootKeys.annotate(
        client,
        "tight",
        Map.of(RotationAnnotations.ROTATE, "now", RotationAnnotations.ROTATE_GRACE, "0s"));

    awaitOperations("tight", "key.issued", "key.rotated", "key.revoked");
    remember("tight");
    JsonNode revoked = audit.of(NAMESPACE, "tight").get(2);
    assertThat(revoked.path("key").path("id").asText()).isEqualTo(first.getId());
    assertThat(revoked.path("details").path("replacedBy").asText())
        .isEqualTo(current("tight").getId());
    TestRootKeys.awaitEventReasons(
        client, "tight", reasons -> assertThat(reasons).contains("KeyIssued", "KeyRotated"));
    // The limit holds again once the rotation is recorded: the revoked record no longer matters.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(client, "tight").getStatus().getKeys().size() == 1);
    assertNoKeyInTheAuditTrail();
  }

  @Test
  void anExpiredRootKeyRecordsEachKeyExpiredAndARefusedRotation() {
    RootKey shortLived = rootKey("short", "api.*.verify_key");
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    shortLived.getSpec().setExpiresAt(end.toString());
    client.resource(shortLived).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "short")));
    remember("short");
    KeyRecord key = current("short");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(client, "short").getStatus().getPhase() == Phase.Expired);

    TestRootKeys.annotate(
        client,
        "short",
        Map.of(
            RotationAnnotations.ROTATE,
            "too-late",
            RotationAnnotations.ROTATE_REQUESTED_BY,
            "bob"));

    awaitOperations("short", "key.issued", "key.expired", "rotation.refused");
    List<JsonNode> records = audit.of(NAMESPACE, "short");
    assertThat(records.get(1).path("key").path("id").asText()).isEqualTo(key.getId());
    assertThat(records.get(1).path("details").path("reason").asText()).isEqualTo("RootKeyExpired");
    assertThat(records.get(1).path("details").path("endedBy").asText()).isEqualTo("rootKeyExpired");
    assertThat(records.get(1).path("details").path("rootKeyExpiresAt").asText())
        .isEqualTo(end.toString());
    assertThat(records.get(2).path("actor").path("username").asText()).isEqualTo("bob");
    assertThat(records.get(2).path("details").path("rotateRequest").asText()).isEqualTo("too-late");
    assertNoKeyInTheAuditTrail();
  }

  @Test
  void aDeleteHeldBackByTheFinalizerIsRecordedOnce() {
    TestRootKeys.createProtected(client, "vault");

    client.resources(RootKey.class).inNamespace(NAMESPACE).withName("vault").delete();

    awaitOperations("vault", "key.issued", "rootkey.delete_refused");
    JsonNode refused = audit.of(NAMESPACE, "vault").get(1);
    assertThat(refused.path("details").path("heldBy").asText()).isEqualTo("finalizer");
    // Later reconciles of the held RootKey add nothing.
    TestRootKeys.annotate(client, "vault", Map.of("note", "still here"));
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(client, "vault").getMetadata().getAnnotations().containsKey("note"));
    assertThat(audit.operations(NAMESPACE, "vault"))
        .containsExactly("key.issued", "rootkey.delete_refused");
  }

  private void awaitOperations(String name, String... operations) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(audit.operations(NAMESPACE, name)).containsExactly(operations));
  }

  private KeyRecord current(String name) {
    RootKey rootKey = get(client, name);
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(rootKey.getStatus().getCurrentKeyId()))
        .findFirst()
        .orElseThrow();
  }

  private void remember(String name) {
    issuedKeys.add(token(secret(client, name), "ROOT_KEY"));
  }

  private void assertNoKeyInTheAuditTrail() {
    assertThat(issuedKeys).isNotEmpty();
    for (String line : audit.raw()) {
      for (String key : issuedKeys) {
        assertThat(line).doesNotContain(key);
      }
    }
  }
}
