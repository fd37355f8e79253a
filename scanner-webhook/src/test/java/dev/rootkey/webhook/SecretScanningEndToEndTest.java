package dev.rootkey.webhook;

import static dev.rootkey.webhook.RunningSystem.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.KeyHash;
import dev.rootkey.operator.AuditLines;
import dev.rootkey.webhook.partner.TestingSigner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * GitHub's alert over real HTTP to the real webhook, signed with a generated key served by a local
 * keys endpoint, with the real operator on the in-process API server revoking the key.
 */
@EnableKubernetesMockClient(crud = true)
class SecretScanningEndToEndTest {

  private static final String NAMESPACE = "payments";
  private static final String KEY_ID = RunningSystem.KEY_ID;
  private static final String GITLAB_URL = "https://gitlab.example.com/octo/repo/-/raw/abc123/.env";
  KubernetesClient client;
  KubernetesMockServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    rootLogger().addAppender(logs);
    logs.start();
    system = RunningSystem.start(client);
  }

  @AfterEach
  void stop() {
    system.close();
    rootLogger().detachAppender(logs);
  }

  @Test
  void aLeakedCurrentKeyIsAnsweredTruePositiveRecordedRevokedAndReplaced() throws Exception {
    String leaked = issue("billing");
    KeyRecord leakedRecord = activeKey("billing");

    HttpResponse<String> answer = alert(List.of(match(leaked)));

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode verdicts = json.readTree(answer.body());
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.get(0).get("token_raw").asText()).isEqualTo(leaked);
    assertThat(verdicts.get(0).get("token_type").asText()).isEqualTo("rootkey_root_key");
    assertThat(verdicts.get(0).get("label").asText()).isEqualTo("true_positive");
    // The KeyLeak was written before the answer: it is there now.
    KeyLeak leak = leak(leakedRecord.getId());
    assertThat(leak.getSpec().getRootKey()).isEqualTo("billing");
    assertThat(leak.getSpec().getTokenHash()).isEqualTo(KeyHash.sha256Hex(leaked));
    assertThat(leak.getSpec().getUrl()).isEqualTo(" https://github.com/octo/repo/blob/main/.env");
    assertThat(leak.getSpec().getSource()).isEqualTo("commit");
    assertThat(Serialization.asJson(leak)).doesNotContain(leaked);

    // The replacement is in the Secret before it is Active: wait for both, as a user would.
    String replacement = awaitDelivered("billing", Set.of(leaked));
    RootKey after = rootKey("billing");
    assertThat(record(after, leakedRecord.getId()).getState()).isEqualTo(KeyState.Revoked);
    assertThat(KeyHash.sha256Hex(replacement)).isEqualTo(activeKey("billing").getHash());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> leak(leakedRecord.getId()).getStatus() != null);
    assertThat(leak(leakedRecord.getId()).getStatus().getAction()).isEqualTo(LeakAction.Revoked);

    // GitHub delivers the same alert again: same answer, no second rotation.
    HttpResponse<String> again = alert(List.of(match(leaked)));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json.readTree(again.body()).get(0).get("label").asText()).isEqualTo("true_positive");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> rootKey("billing").getStatus().getKeys().size() == 2);
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(1);

    assertNoLogLineContains(leaked);
  }

  @Test
  void tokensThatAreNotOursAreFalsePositivesAndChangeNothing() throws Exception {
    issue("search");
    String wellFormedStranger = new KeyGenerator(new SecureRandom()).generate("rk").token();

    HttpResponse<String> answer =
        alert(List.of(match(wellFormedStranger), match("ghp_notours"), match("rk_typo")));

    assertThat(answer.statusCode()).isEqualTo(200);
    List<String> labels = new ArrayList<>();
    json.readTree(answer.body()).forEach(v -> labels.add(v.get("label").asText()));
    assertThat(labels).containsExactly("false_positive", "false_positive", "false_positive");
    assertThat(client.resources(KeyLeak.class).inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void aBatchOfAThousandTokensWithAFewOfOursIsAnsweredInOrder() throws Exception {
    List<String> ours = List.of(issue("a"), issue("b"), issue("c"));
    KeyGenerator strangers = new KeyGenerator(new SecureRandom());
    List<Map<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(match(i % 450 == 7 ? ours.get(i / 450) : strangers.generate("rk").token()));
    }

    HttpResponse<String> answer = alert(batch);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode verdicts = json.readTree(answer.body());
    assertThat(verdicts).hasSize(1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(verdicts.get(i).get("token_raw").asText()).isEqualTo(batch.get(i).get("token"));
      assertThat(verdicts.get(i).get("label").asText())
          .isEqualTo(i % 450 == 7 ? "true_positive" : "false_positive");
    }
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(3);
  }

  @Test
  void aTokenRepeatedTenThousandTimesInABatchIsRecordedOnceAndEveryElementAnsweredInOrder()
      throws Exception {
    String repeated = issue("billing");
    String other = issue("search");
    String stranger = new KeyGenerator(new SecureRandom()).generate("rk").token();
    List<Map<String, String>> batch = new ArrayList<>();
    batch.add(match(other));
    for (int i = 0; i < 10_000; i++) {
      // Found in ten thousand places: as small as an element gets, to stay under the size limit.
      batch.add(Map.of("token", repeated, "type", "rootkey_root_key"));
      if (i == 5_000) {
        batch.add(match(stranger));
      }
    }
    batch.add(match(other));
    List<String> before = drainRequests();

    HttpResponse<String> answer;
    try (AuditLines audit = AuditLines.capture()) {
      answer = alert(batch);

      assertThat(answer.statusCode()).isEqualTo(200);
      // The operator's own records (its revocations) may follow: only the webhook's count here.
      assertThat(audit.records())
          .filteredOn(r -> r.path("operation").asText().equals("leak.reported"))
          .extracting(r -> r.path("rootKey").path("name").asText())
          .containsExactlyInAnyOrder("billing", "search");
    }
    // Every KeyLeak was written before the answer: its create request is on the server now.
    assertThat(drainRequests())
        .filteredOn(line -> line.startsWith("POST ") && line.contains("/keyleaks"))
        .hasSize(2);
    assertThat(before).isNotEmpty();
    JsonNode verdicts = json.readTree(answer.body());
    assertThat(verdicts).hasSize(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      String token = batch.get(i).get("token");
      assertThat(verdicts.get(i).get("token_raw").asText()).isEqualTo(token);
      assertThat(verdicts.get(i).get("token_type").asText()).isEqualTo("rootkey_root_key");
      assertThat(verdicts.get(i).get("label").asText())
          .isEqualTo(token.equals(stranger) ? "false_positive" : "true_positive");
    }
    assertNoLogLineContains(repeated);
  }

  @Test
  void badRequestsGetAClearErrorAndChangeNothing() throws Exception {
    String ours = issue("guarded");
    byte[] body = json.writeValueAsBytes(List.of(match(ours)));

    assertThat(post(body, "text/plain", system.signer.sign(body), KEY_ID).statusCode())
        .isEqualTo(415);
    assertThat(post(body, "application/json", null, KEY_ID).statusCode()).isEqualTo(400);
    assertThat(post(body, "application/json", system.signer.sign(body), null).statusCode())
        .isEqualTo(400);
    HttpResponse<String> forged =
        post(body, "application/json", TestingSigner.p256().sign(body), KEY_ID);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("message");
    byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
    assertThat(post(notJson, "application/json", system.signer.sign(notJson), KEY_ID).statusCode())
        .isEqualTo(400);
    byte[] notArray = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            post(notArray, "application/json", system.signer.sign(notArray), KEY_ID).statusCode())
        .isEqualTo(400);
    byte[] oversized = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(oversized, (byte) ' ');
    assertThat(
            post(oversized, "application/json", system.signer.sign(oversized), KEY_ID).statusCode())
        .isEqualTo(413);

    assertThat(client.resources(KeyLeak.class).inAnyNamespace().list().getItems()).isEmpty();
    assertThat(token(secret("guarded"))).isEqualTo(ours);
    assertNoLogLineContains(ours);
  }

  @Test
  void
      aGitLabReportOfACurrentKeyIsRecordedAsGitLabsRevokedAndReplacedAndGitHubsLaterReportIsTheSameLeak()
          throws Exception {
    String leaked = issue("billing");
    KeyRecord leakedRecord = activeKey("billing");

    HttpResponse<String> answer = system.gitlabAlert(List.of(gitlabMatch(leaked)));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(json.readTree(answer.body()).get(0).get("label").asText())
        .isEqualTo("true_positive");
    KeyLeak leak = leak(leakedRecord.getId());
    assertThat(leak.getSpec().getReporter()).isEqualTo("gitlab");
    assertThat(leak.getSpec().getUrl()).isEqualTo(GITLAB_URL);
    assertThat(leak.getSpec().getSource()).isNull();
    assertThat(leak.getSpec().getTokenHash()).isEqualTo(KeyHash.sha256Hex(leaked));
    awaitDelivered("billing", Set.of(leaked));
    assertThat(record(rootKey("billing"), leakedRecord.getId()).getState())
        .isEqualTo(KeyState.Revoked);

    // GitHub finds the same token too: the same leak, answered the same, recorded once.
    HttpResponse<String> github = alert(List.of(match(leaked)));
    assertThat(github.statusCode()).isEqualTo(200);
    assertThat(json.readTree(github.body()).get(0).get("label").asText())
        .isEqualTo("true_positive");
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    assertThat(leak(leakedRecord.getId()).getSpec().getReporter()).isEqualTo("gitlab");
    assertThat(get("/metrics").body())
        .contains("rootkey_webhook_leaks_received_total{reporter=\"gitlab\"} 1.0")
        .contains("rootkey_webhook_leaks_received_total{reporter=\"github\"} 1.0")
        .contains("rootkey_webhook_requests_total{outcome=\"answered\",reporter=\"gitlab\"} 1.0")
        .contains("rootkey_webhook_requests_total{outcome=\"answered\",reporter=\"github\"} 1.0")
        .contains("rootkey_gitlab_key_refreshes_total{result=\"succeeded\"} 1.0")
        .doesNotContain(leaked);
    assertNoLogLineContains(leaked);
  }

  @Test
  void badGitLabAlertsGetAClearErrorAndChangeNothing() throws Exception {
    String ours = issue("guarded");
    String path = WebhookApp.GITLAB_SECRET_DETECTION_PATH;
    String id = RunningSystem.GITLAB_KEY_ID;
    byte[] body = json.writeValueAsBytes(List.of(gitlabMatch(ours)));
    String signature = system.gitlabSigner.sign(body);

    assertThat(system.post(path, body, "text/plain", signature, id).statusCode()).isEqualTo(415);
    assertThat(system.post(path, body, "application/json", null, id).statusCode()).isEqualTo(400);
    assertThat(system.post(path, body, "application/json", signature, null).statusCode())
        .isEqualTo(400);
    HttpResponse<String> githubHeaders =
        http.send(
            HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", system.signer.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(githubHeaders.statusCode()).isEqualTo(400);
    assertThat(githubHeaders.body()).contains("missing Gitlab-Public-Key-Identifier header");
    // GitHub's key is not GitLab's, nor is any other.
    assertThat(
            system.post(path, body, "application/json", system.signer.sign(body), id).statusCode())
        .isEqualTo(401);
    HttpResponse<String> forged =
        system.post(path, body, "application/json", TestingSigner.p256().sign(body), id);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("signature does not match the body");
    byte[] tampered =
        json.writeValueAsBytes(List.of(gitlabMatch(ours), gitlabMatch("rk_someone_else")));
    assertThat(system.post(path, tampered, "application/json", signature, id).statusCode())
        .isEqualTo(401);
    byte[] notArray = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            system
                .post(path, notArray, "application/json", system.gitlabSigner.sign(notArray), id)
                .statusCode())
        .isEqualTo(400);
    byte[] oversized = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(oversized, (byte) ' ');
    assertThat(
            system
                .post(path, oversized, "application/json", system.gitlabSigner.sign(oversized), id)
                .statusCode())
        .isEqualTo(413);

    assertNothingRecorded("guarded", ours);
    assertNoLogLineContains(ours);
  }

  @Test
  void gitLabAlertsSignedWithUnknownKeyIdsAreRefusedAfterOneSharedRefreshOfGitLabsKeys()
      throws Exception {
    String ours = issue("guarded");
    byte[] body = json.writeValueAsBytes(List.of(gitlabMatch(ours)));
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(url(WebhookApp.GITLAB_SECRET_DETECTION_PATH))
              .header("Content-Type", "application/json")
              .header("Gitlab-Public-Key-Identifier", "made-up-" + i)
              .header("Gitlab-Public-Key-Signature", system.gitlabSigner.sign(body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }

    for (java.util.concurrent.CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get().statusCode()).isEqualTo(401);
      assertThat(answer.get().body()).contains("unknown Gitlab-Public-Key-Identifier");
    }
    // One fetch for all: the first, then none within the refresh interval, however many ask.
    assertThat(get("/metrics").body())
        .contains("rootkey_gitlab_key_refreshes_total{result=\"succeeded\"} 1.0")
        .contains("rootkey_gitlab_key_refreshes_total{result=\"failed\"} 0.0");
    assertThat(client.resources(KeyLeak.class).inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void aTokenRepeatedInAGitLabAlertIsRecordedOnceAndEveryElementAnsweredInOrder() throws Exception {
    String repeated = issue("billing");
    String stranger = new KeyGenerator(new SecureRandom()).generate("rk").token();
    List<Map<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(gitlabMatch(i == 500 ? stranger : repeated));
    }

    HttpResponse<String> answer;
    try (AuditLines audit = AuditLines.capture()) {
      answer = system.gitlabAlert(batch);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(audit.records())
          .filteredOn(r -> r.path("operation").asText().equals("leak.reported"))
          .extracting(r -> r.path("actor").path("username").asText())
          .containsExactly("gitlab");
    }
    JsonNode verdicts = json.readTree(answer.body());
    assertThat(verdicts).hasSize(1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(verdicts.get(i).get("label").asText())
          .isEqualTo(i == 500 ? "false_positive" : "true_positive");
    }
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    assertNoLogLineContains(repeated);
  }

  @Test
  void aSelfManagedGitLabListsOurTokenTypesAndItsRevocationRequestRevokesTheKey() throws Exception {
    String leaked = issue("billing");
    KeyRecord leakedRecord = activeKey("billing");
    HttpResponse<String> types = revocableTokenTypes(RunningSystem.REVOCATION_TOKEN);
    assertThat(types.statusCode()).isEqualTo(200);
    List<String> typeNames = new ArrayList<>();
    json.readTree(types.body()).get("types").forEach(t -> typeNames.add(t.asText()));
    assertThat(typeNames).contains("gitleaks_rule_id_rootkey_root_key");
    String stranger = new KeyGenerator(new SecureRandom()).generate("rk").token();

    HttpResponse<String> answer =
        system.revoke(
            List.of(revocation(leaked), revocation(stranger), revocation(leaked)),
            RunningSystem.REVOCATION_TOKEN);

    assertThat(answer.statusCode()).isEqualTo(204);
    assertThat(answer.body()).isEmpty();
    KeyLeak leak = leak(leakedRecord.getId());
    assertThat(leak.getSpec().getReporter()).isEqualTo("gitlab-self-managed");
    assertThat(leak.getSpec().getUrl()).isEqualTo(GITLAB_URL);
    assertThat(leak.getSpec().getType()).isEqualTo("gitleaks_rule_id_rootkey_root_key");
    awaitDelivered("billing", Set.of(leaked));
    assertThat(record(rootKey("billing"), leakedRecord.getId()).getState())
        .isEqualTo(KeyState.Revoked);
    assertThat(
            system.revoke(List.of(revocation(leaked)), RunningSystem.REVOCATION_TOKEN).statusCode())
        .isEqualTo(204);
    assertThat(client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    assertThat(get("/metrics").body())
        // Counted once per request, as GitHub's: the same key asked for again counts again.
        .contains("rootkey_webhook_leaks_received_total{reporter=\"gitlab-self-managed\"} 2.0")
        .contains(
            "rootkey_webhook_requests_total{outcome=\"answered\",reporter=\"gitlab-self-managed\"}"
                + " 2.0");
    assertNoLogLineContains(leaked);
  }

  @Test
  void theTokenRevocationApiRefusesAMissingOrWrongTokenWith401AndRecordsNothing() throws Exception {
    String ours = issue("guarded");
    String token = RunningSystem.REVOCATION_TOKEN;

    for (String authorization :
        java.util.Arrays.asList(
            null, "", "wrong", token + "x", token.substring(1), "Basic " + token)) {
      HttpResponse<String> answer = system.revoke(List.of(revocation(ours)), authorization);
      assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
      assertThat(answer.body()).doesNotContain(token);
    }
    HttpResponse<String> types = revocableTokenTypes("wrong");
    assertThat(types.statusCode()).isEqualTo(401);

    assertNothingRecorded("guarded", ours);
    assertNoLogLineContains(token);
  }

  @Test
  void aRevocationRequestThatIsInvalidOrNamesAnUnsupportedTypeIs400AndRecordsNothing()
      throws Exception {
    String ours = issue("guarded");
    String token = RunningSystem.REVOCATION_TOKEN;
    Map<String, String> otherType = new LinkedHashMap<>(revocation(ours));
    otherType.put("type", "gitleaks_rule_id_aws_access_token");

    assertThat(system.revoke(List.of(revocation(ours), otherType), token).statusCode())
        .isEqualTo(400);
    assertThat(system.revoke(Map.of("token", ours), token).statusCode()).isEqualTo(400);
    assertThat(system.revoke(List.of(Map.of("type", "rootkey_root_key")), token).statusCode())
        .isEqualTo(400);
    HttpResponse<String> notJson =
        http.send(
            HttpRequest.newBuilder(url(TokenRevocationApi.REVOKE_TOKENS_PATH))
                .header("Authorization", token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(ours))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notJson.statusCode()).isEqualTo(400);

    assertNothingRecorded("guarded", ours);
    assertNoLogLineContains(ours);
  }

  private HttpResponse<String> revocableTokenTypes(String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(TokenRevocationApi.REVOCABLE_TOKEN_TYPES_PATH))
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One token as GitLab's partner alerts report it: {@code {type, token, url}}. */
  private static Map<String, String> gitlabMatch(String token) {
    return gitlabElement("rootkey_root_key", token, "url");
  }

  /**
   * One token as a self-managed GitLab asks for its revocation: {@code {type, token, location}}.
   */
  private static Map<String, String> revocation(String token) {
    return gitlabElement("gitleaks_rule_id_rootkey_root_key", token, "location");
  }

  private static Map<String, String> gitlabElement(String type, String token, String placeField) {
    Map<String, String> element = new LinkedHashMap<>();
    element.put("type", type);
    element.put("token", token);
    element.put(placeField, GITLAB_URL);
    return element;
  }

  @Test
  void aClientSeesItsKeysVerifyThroughIssuanceRotationWithGraceAndALeak() throws Exception {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName("api").withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    // Long enough that the check inside it holds on a loaded machine.
    rotation.setGracePeriod("6s");
    spec.setRotation(rotation);
    rootKey.setSpec(spec);
    String first = issue(rootKey);

    JsonNode valid = verify(first, List.of("api.payments.verify_key"));
    assertThat(valid.at("/data/valid").asBoolean()).isTrue();
    assertThat(valid.at("/data/code").asText()).isEqualTo("VALID");
    assertThat(valid.at("/data/keyId").asText()).isEqualTo(activeKey("api").getId());
    assertThat(valid.at("/data/rootKey/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(valid.at("/data/rootKey/name").asText()).isEqualTo("api");
    assertThat(valid.at("/meta/requestId").asText()).isNotBlank();
    assertThat(verify(first, List.of("api.payments.create_key")).at("/data/code").asText())
        .isEqualTo("INSUFFICIENT_PERMISSIONS");
    String stranger = new KeyGenerator(new SecureRandom()).generate("rk").token();
    assertThat(verify(stranger, List.of()).at("/data/code").asText()).isEqualTo("NOT_FOUND");

    // Rotate: the old key keeps working for its 6 s of grace, then answers EXPIRED.
    client
        .resources(RootKey.class)
        .inNamespace(NAMESPACE)
        .withName("api")
        .edit(
            r -> {
              r.getMetadata().setAnnotations(Map.of("rootkey.dev/rotate", "1"));
              return r;
            });
    String second = awaitDelivered("api", Set.of(first));
    JsonNode inGrace = verify(first, List.of());
    assertThat(inGrace.at("/data/code").asText()).isEqualTo("VALID");
    assertThat(inGrace.at("/data/expiresAt").asText()).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "EXPIRED".equals(verify(first, List.of()).at("/data/code").asText()));

    // A leak of the current key: REVOKED from then on, and the replacement verifies.
    assertThat(alert(List.of(match(second))).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "REVOKED".equals(verify(second, List.of()).at("/data/code").asText()));
    awaitDelivered("api", Set.of(first, second));

    HttpResponse<String> malformed =
        http.send(
            HttpRequest.newBuilder(url(WebhookApp.VERIFY_KEY_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"permissions\": []}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(malformed.body()).at("/error/detail").asText()).contains("key");
    assertNoLogLineContains(first);
    assertNoLogLineContains(second);

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("rootkey_verifications_total{code=\"VALID\"}")
        .contains("rootkey_verifications_total{code=\"EXPIRED\"}")
        .contains("rootkey_verifications_total{code=\"REVOKED\"}")
        .contains("rootkey_webhook_requests_total{outcome=\"answered\",reporter=\"github\"} 1.0")
        .contains("rootkey_webhook_leaks_received_total{reporter=\"github\"} 1.0")
        .contains("rootkey_github_key_refreshes_total{result=\"succeeded\"} 1.0")
        .doesNotContain(first)
        .doesNotContain(second);
  }

  private JsonNode verify(String key, List<String> permissions) throws Exception {
    return system.verify(key, permissions);
  }

  private HttpResponse<String> alert(List<Map<String, String>> matches) throws Exception {
    return system.alert(matches);
  }

  private HttpResponse<String> post(byte[] body, String contentType, String signature, String id)
      throws Exception {
    return system.post(body, contentType, signature, id);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return system.get(path);
  }

  private URI url(String path) {
    return system.url(path);
  }

  private String issue(String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    rootKey.setSpec(spec);
    return issue(rootKey);
  }

  private String issue(RootKey rootKey) {
    String name = rootKey.getMetadata().getName();
    client.resource(rootKey).create();
    return awaitDelivered(name, Set.of());
  }

  /**
   * Waits for what a key holder waits for: the RootKey Ready with a current key not in {@code
   * previous}, Active and in the Secret, and the webhook verifying it (its index has seen it, as it
   * must have before GitHub could report it). Returns that key.
   */
  private String awaitDelivered(String name, Set<String> previous) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              RootKey rootKey = rootKey(name);
              Secret secret = secret(name);
              if (rootKey == null || rootKey.getStatus() == null || secret == null) {
                return null;
              }
              String token = token(secret);
              boolean current =
                  rootKey.getStatus().getKeys().stream()
                      .anyMatch(
                          k ->
                              k.getState() == KeyState.Active
                                  && k.getId().equals(rootKey.getStatus().getCurrentKeyId())
                                  && k.getHash().equals(KeyHash.sha256Hex(token)));
              return current
                      && !previous.contains(token)
                      && "VALID".equals(verify(token, List.of()).at("/data/code").asText())
                  ? token
                  : null;
            },
            Objects::nonNull);
  }

  private RootKey rootKey(String name) {
    return client.resources(RootKey.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private KeyRecord activeKey(String name) {
    return rootKey(name).getStatus().getKeys().stream()
        .filter(k -> k.getState() == KeyState.Active)
        .findFirst()
        .orElseThrow();
  }

  private static KeyRecord record(RootKey rootKey, String id) {
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private KeyLeak leak(String keyId) {
    return client.resources(KeyLeak.class).inNamespace(NAMESPACE).withName(keyId).get();
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }

  private static String token(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }

  /** The request lines the API server received since the last call, oldest first. */
  private List<String> drainRequests() throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (RecordedRequest request = server.takeRequest(0, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
      lines.add(request.getRequestLine());
    }
    return lines;
  }

  /** No KeyLeak anywhere, and the RootKey's Secret still holds this key. */
  private void assertNothingRecorded(String name, String key) {
    assertThat(client.resources(KeyLeak.class).inAnyNamespace().list().getItems()).isEmpty();
    assertThat(token(secret(name))).isEqualTo(key);
  }

  private void assertNoLogLineContains(String token) {
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      assertThat(event.getFormattedMessage()).doesNotContain(token);
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
