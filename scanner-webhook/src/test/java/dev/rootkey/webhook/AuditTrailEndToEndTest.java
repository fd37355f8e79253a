package dev.rootkey.webhook;

import static dev.rootkey.webhook.RunningSystem.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.key.KeyHash;
import dev.rootkey.operator.AuditLines;
import dev.rootkey.webhook.AdmittingApiServer.Admission;
import dev.rootkey.webhook.AdmittingApiServer.User;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.admission.RootKeyReviews;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of one RootKey's life, read as a log pipeline reads it: people create, edit,
 * rotate and delete it through the admission webhook, GitHub reports its key, and every operation
 * is one JSON record, in order, saying who did what, and never holding a key.
 */
@EnableKubernetesMockClient(crud = true)
class AuditTrailEndToEndTest {

  private static final String NAMESPACE = "payments";
  private static final User ALICE = new User("alice@example.com", List.of("platform-team"));
  private static final User BOB = new User("bob@example.com", List.of("platform-team"));
  private static final User DEPLOYER =
      new User("system:serviceaccount:ci:deployer", List.of("system:serviceaccounts"));
  private static final User DAVE = new User("dave@example.com", List.of("system:authenticated"));

  KubernetesClient client;
  private AuditLines audit;
  private RunningSystem system;
  private AdmittingApiServer apiServer;
  private final Set<String> issuedKeys = new LinkedHashSet<>();

  @BeforeEach
  void start() throws Exception {
    audit = AuditLines.capture();
    system = RunningSystem.start(client);
    apiServer = new AdmittingApiServer(client, system);
  }

  @AfterEach
  void stop() {
    system.close();
    audit.close();
  }

  @Test
  void createEditRotateLeakAndDeleteAreRecordedInOrderWithWhoAndNoKey() throws Exception {
    assertThat(apiServer.create(billing(), ALICE).allowed()).isTrue();
    audit.awaitAtLeast(NAMESPACE, "billing", 2, Duration.ofSeconds(10));
    String first = currentKey();

    assertThat(
            apiServer
                .update(
                    NAMESPACE, "billing", BOB, r -> r.getSpec().getRotation().setGracePeriod("30m"))
                .allowed())
        .isTrue();
    audit.awaitAtLeast(NAMESPACE, "billing", 3, Duration.ofSeconds(10));

    // `kubectl annotate rootkey billing rootkey.dev/rotate=1` by a CI service account.
    assertThat(
            apiServer
                .update(
                    NAMESPACE, "billing", DEPLOYER, r -> annotate(r, RotationAnnotations.ROTATE))
                .allowed())
        .isTrue();
    audit.awaitAtLeast(NAMESPACE, "billing", 5, Duration.ofSeconds(10));
    String second = currentKey();
    assertThat(second).isNotEqualTo(first);

    assertThat(system.alert(List.of(match(second))).statusCode()).isEqualTo(200);
    audit.awaitAtLeast(NAMESPACE, "billing", 8, Duration.ofSeconds(10));
    String third = currentKey();
    assertThat(third).isNotEqualTo(second);

    Admission refused = apiServer.delete(NAMESPACE, "billing", DAVE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.message()).contains("deleteProtection");
    assertThat(client.resources(RootKey.class).inNamespace(NAMESPACE).withName("billing").get())
        .isNotNull();
    assertThat(
            apiServer
                .update(NAMESPACE, "billing", DAVE, r -> r.getSpec().setDeleteProtection(false))
                .allowed())
        .isTrue();
    awaitUnprotected();
    assertThat(apiServer.delete(NAMESPACE, "billing", DAVE).allowed()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.resources(RootKey.class).inNamespace(NAMESPACE).withName("billing").get()
                    == null);
    audit.awaitAtLeast(NAMESPACE, "billing", 11, Duration.ofSeconds(10));

    List<JsonNode> records = audit.of(NAMESPACE, "billing");
    assertThat(audit.whoDidWhat(NAMESPACE, "billing"))
        .containsExactly(
            "rootkey.created by alice@example.com",
            "key.issued by rootkey-operator",
            "rootkey.edited by bob@example.com",
            "rootkey.edited by system:serviceaccount:ci:deployer",
            "key.rotated by system:serviceaccount:ci:deployer",
            "leak.reported by github",
            "key.rotated by rootkey-operator",
            "key.revoked by rootkey-operator",
            "rootkey.delete_refused by dave@example.com",
            "rootkey.edited by dave@example.com",
            "rootkey.deleted by dave@example.com");

    JsonNode created = records.get(0);
    assertThat(created.path("actor").path("type").asText()).isEqualTo("user");
    assertThat(created.path("actor").path("groups").get(0).asText()).isEqualTo("platform-team");
    assertThat(created.path("source").path("service").asText()).isEqualTo("scanner-webhook");
    assertThat(created.path("source").path("requestUid").asText()).isNotBlank();
    assertThat(created.path("source").path("remoteAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(AuditLines.texts(records.get(2).path("details").path("fields")))
        .containsExactly("spec.rotation.gracePeriod");
    assertThat(AuditLines.texts(records.get(3).path("details").path("fields")))
        .containsExactly("metadata.annotations.rootkey.dev/rotate");
    JsonNode rotated = records.get(4);
    assertThat(rotated.path("actor").path("type").asText()).isEqualTo("serviceaccount");
    assertThat(rotated.path("details").path("trigger").asText()).isEqualTo("Manual");
    assertThat(rotated.path("details").path("gracePeriod").asText()).isEqualTo("30m");
    assertThat(rotated.path("key").path("hashPrefix").asText())
        .isEqualTo(KeyHash.sha256Hex(second).substring(0, 12));
    JsonNode reported = records.get(5);
    assertThat(reported.path("key").path("hashPrefix").asText())
        .isEqualTo(KeyHash.sha256Hex(second).substring(0, 12));
    assertThat(reported.path("details").path("url").asText())
        .isEqualTo("https://github.com/octo/repo/blob/main/.env");
    assertThat(reported.path("details").path("source").asText()).isEqualTo("commit");
    assertThat(reported.path("details").path("firstReport").asBoolean()).isTrue();
    assertThat(reported.path("source").path("remoteAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(records.get(6).path("details").path("trigger").asText()).isEqualTo("Leaked");
    assertThat(records.get(7).path("details").path("reason").asText()).isEqualTo("Leaked");
    assertThat(records.get(8).path("details").path("reason").asText())
        .isEqualTo("DeleteProtection");
    assertThat(AuditLines.texts(records.get(9).path("details").path("fields")))
        .containsExactly("spec.deleteProtection");
    // A delete names the key it ends; a refused one the key it keeps.
    for (JsonNode delete : List.of(records.get(8), records.get(10))) {
      assertThat(delete.path("key").path("hashPrefix").asText())
          .isEqualTo(KeyHash.sha256Hex(third).substring(0, 12));
    }
    assertThat(created.has("key")).isFalse();

    assertThat(issuedKeys).containsExactly(first, second, third);
    for (String line : audit.raw()) {
      for (String key : issuedKeys) {
        assertThat(line).doesNotContain(key);
      }
    }
  }

  @Test
  void aDryRunIsAnsweredButNotRecorded() throws Exception {
    assertThat(apiServer.dryRunCreate(billing(), ALICE).allowed()).isTrue();

    assertThat(audit.records()).isEmpty();
  }

  /**
   * A real API server validates the delete of a RootKey with a finalizer inside its storage's
   * update loop, on the watch cache's copy and, once refused, again on etcd's: two asks, each with
   * its own uid, about one request (seen on kube-apiserver 1.20 in AdmissionApiServerIT).
   */
  @Test
  void aRefusedDeleteTheApiServerAsksAboutTwiceIsOneRecord() throws Exception {
    RootKey stored = billing();
    stored.getMetadata().setUid("0b6f4a57-1f0e-4c39-9d55-6a2b8f0e7c11");
    stored.getMetadata().setFinalizers(List.of("rootkey.dev/delete-protection"));

    for (int ask = 0; ask < 2; ask++) {
      Admission answer = apiServer.askToDelete(stored, DAVE);
      assertThat(answer.allowed()).isFalse();
      assertThat(answer.message()).contains("deleteProtection");
    }

    assertThat(audit.operations(NAMESPACE, "billing")).containsExactly("rootkey.delete_refused");
  }

  /**
   * The public port is what the Ingress and every workload reach: a review sent there, in any
   * user's name, finds nothing to answer it and leaves no audit line.
   */
  @Test
  void theAdmissionPathsAreNotFoundOnThePublicPortAndAReviewSentThereRecordsNothing()
      throws Exception {
    RootKey stored = billing();
    for (String path : List.of(RootKeyAdmission.VALIDATE_PATH, RootKeyAdmission.MUTATE_PATH)) {
      HttpResponse<String> answer =
          system.postJson(
              path,
              Serialization.jsonMapper()
                  .readTree(
                      RootKeyReviews.request(
                          "DELETE",
                          NAMESPACE,
                          Serialization.jsonMapper().valueToTree(stored),
                          null,
                          DAVE.username(),
                          DAVE.groups(),
                          false)));

      assertThat(answer.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(audit.records()).isEmpty();
  }

  /**
   * Someone who can reach the admission port posts a refused delete of billing in Dave's name just
   * before Dave really tries: the API server's asks come from another address, so the made-up ask
   * does not pass for them and Dave's real refusal is recorded with its own request uid.
   */
  @Test
  void aForgedReviewWithTheSameUserAndRootKeyDoesNotHideTheRecordOfARealRefusedDelete()
      throws Exception {
    RootKey stored = billing();
    stored.getMetadata().setUid("0b6f4a57-1f0e-4c39-9d55-6a2b8f0e7c11");
    stored.getMetadata().setFinalizers(List.of("rootkey.dev/delete-protection"));
    String forged =
        RootKeyReviews.request(
            "DELETE",
            NAMESPACE,
            Serialization.jsonMapper().valueToTree(stored),
            null,
            DAVE.username(),
            DAVE.groups(),
            false);

    FromAddress.Answer answer =
        FromAddress.plain("127.0.0.2")
            .postJson(system.admissionUrl(RootKeyAdmission.VALIDATE_PATH), forged);
    assertThat(answer.statusCode()).isEqualTo(200);
    List<String> realUids = new ArrayList<>();
    for (int ask = 0; ask < 2; ask++) {
      Admission real = apiServer.askToDelete(stored, DAVE);
      assertThat(real.allowed()).isFalse();
      realUids.add(real.uid());
    }

    List<JsonNode> records = audit.of(NAMESPACE, "billing");
    assertThat(audit.whoDidWhat(NAMESPACE, "billing"))
        .containsExactly(
            "rootkey.delete_refused by dave@example.com",
            "rootkey.delete_refused by dave@example.com");
    // The made-up one says where it came from; the real one is the API server's first ask.
    assertThat(records.get(0).path("source").path("remoteAddress").asText()).isEqualTo("127.0.0.2");
    assertThat(records.get(1).path("source").path("remoteAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(records.get(1).path("source").path("requestUid").asText())
        .isEqualTo(realUids.get(0));
  }

  @Test
  void somethingThatIsNotAnAdmissionReviewIsRefusedAndRecordsNothing() throws Exception {
    var answer = system.postAdmission(RootKeyAdmission.VALIDATE_PATH, Map.of("hello", 1));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("AdmissionReview");
    assertThat(audit.records()).isEmpty();
  }

  private static RootKey billing() {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder().withName("billing").withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod("1h");
    spec.setRotation(rotation);
    spec.setDeleteProtection(true);
    rootKey.setSpec(spec);
    return rootKey;
  }

  private static void annotate(RootKey rootKey, String annotation) {
    Map<String, String> annotations = new HashMap<>();
    if (rootKey.getMetadata().getAnnotations() != null) {
      annotations.putAll(rootKey.getMetadata().getAnnotations());
    }
    annotations.put(annotation, "1");
    rootKey.getMetadata().setAnnotations(annotations);
  }

  /**
   * The new key in the Secret once the webhook's index has it (a leak report needs that): one not
   * seen before, as the previous one may still be there and verify, during its grace period.
   */
  private String currentKey() {
    String key =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  String token = token(secret());
                  return !issuedKeys.contains(token)
                          && "VALID"
                              .equals(system.verify(token, List.of()).at("/data/code").asText())
                      ? token
                      : null;
                },
                Objects::nonNull);
    issuedKeys.add(key);
    return key;
  }

  private void awaitUnprotected() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                    .resources(RootKey.class)
                    .inNamespace(NAMESPACE)
                    .withName("billing")
                    .get()
                    .getFinalizers()
                    .isEmpty());
  }

  private Secret secret() {
    return client.secrets().inNamespace(NAMESPACE).withName("billing").get();
  }

  private static String token(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }
}
