package dev.rootkey.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.AuditLines;
import dev.rootkey.webhook.ScannerWebhook;
import dev.rootkey.webhook.TestWebhookConfigs;
import dev.rootkey.webhook.WebhookConfig;
import dev.rootkey.webhook.http.RequestLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the admission endpoints accept, over real HTTP: the JSON an API server sends, and nothing
 * that could exhaust the webhook (YAML, deep nesting), answered with a short 4xx.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionBodyTest {

  private static final String NAMESPACE = "payments";

  KubernetesClient client;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private AuditLines audit;
  private ScannerWebhook webhook;

  @BeforeEach
  void start() {
    rootLogger().addAppender(logs);
    logs.start();
    audit = AuditLines.capture();
    webhook =
        ScannerWebhook.start(
            client,
            TestWebhookConfigs.onFreePorts(
                URI.create("http://127.0.0.1:9/keys"),
                WebhookConfig.DEFAULT_MAX_REQUEST_BYTES,
                RequestLimits.DEFAULT_READ_TIMEOUT),
            RecordSeal.random(new SecureRandom()),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    webhook.close();
    audit.close();
    rootLogger().detachAppender(logs);
  }

  @Test
  void yamlNestedThousandsDeepIsRefusedWith415AndNoStackTrace() throws Exception {
    String yaml = "apiVersion: admission.k8s.io/v1\nrequest: " + "[".repeat(5000);

    for (String contentType : List.of("application/yaml", "text/plain")) {
      HttpResponse<String> answer = post(RootKeyAdmission.VALIDATE_PATH, contentType, yaml);

      assertThat(answer.statusCode()).as(contentType).isEqualTo(415);
    }
    assertOneShortWarningPerRequestAndNoStackTrace(2);
  }

  @Test
  void yamlSentAsJsonAndJsonNestedThousandsDeepAreRefusedWith400AndNoStackTrace() throws Exception {
    List<String> bodies =
        List.of(
            "apiVersion: admission.k8s.io/v1\nrequest: " + "[".repeat(5000),
            "{\"request\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
            "{\"request\": {\"object\": " + "{\"a\": ".repeat(100) + "1" + "}".repeat(102));

    for (String path : List.of(RootKeyAdmission.MUTATE_PATH, RootKeyAdmission.VALIDATE_PATH)) {
      for (String body : bodies) {
        HttpResponse<String> answer = post(path, "application/json", body);

        assertThat(answer.statusCode()).as(path).isEqualTo(400);
        assertThat(answer.body()).contains("AdmissionReview").hasSizeLessThan(200);
      }
    }
    assertOneShortWarningPerRequestAndNoStackTrace(6);
    assertThat(audit.records()).isEmpty();
  }

  @Test
  void aRootKeyWithAFieldThisVersionDoesNotKnowIsAdmittedAndRecorded() throws Exception {
    ObjectNode object = json.createObjectNode();
    object.put("apiVersion", "rootkey.dev/v1alpha1").put("kind", "RootKey");
    object.putObject("metadata").put("name", "billing").put("namespace", NAMESPACE);
    ObjectNode spec = object.putObject("spec");
    spec.putArray("permissions").add("api.*.verify_key");
    spec.put("aFieldFromANewerVersion", "yes");
    String review =
        RootKeyReviews.request(
            "CREATE", NAMESPACE, null, object, "alice", List.of("platform-team"), false);

    HttpResponse<String> answer =
        post(RootKeyAdmission.VALIDATE_PATH, "application/json; charset=utf-8", review);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode response = json.readTree(answer.body()).path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(audit.operations(NAMESPACE, "billing")).containsExactly("rootkey.created");
  }

  /**
   * Any client may send managedFields nested as deep as the API server decodes; refusing such a
   * review would let the change through unrecorded and unstamped (failurePolicy Ignore).
   */
  @Test
  void aRotationWhoseManagedFieldsNestThousandsDeepIsStillStampedAndRecorded() throws Exception {
    ObjectNode before = rootKey();
    ObjectNode after = rootKey();
    after.with("metadata").putObject("annotations").put(RotationAnnotations.ROTATE, "2026-12-05");
    after
        .with("metadata")
        .putArray("managedFields")
        .addObject()
        .putObject("fieldsV1")
        .put("f:deep", true);
    String deep = "{\"f:a\":".repeat(5000) + "{}" + "}".repeat(5000);
    String review =
        RootKeyReviews.request(
                "UPDATE", NAMESPACE, before, after, "alice", List.of("platform-team"), false)
            .replace("{\"f:deep\":true}", deep);
    assertThat(review).contains(deep);

    HttpResponse<String> stamped = post(RootKeyAdmission.MUTATE_PATH, "application/json", review);
    HttpResponse<String> recorded =
        post(RootKeyAdmission.VALIDATE_PATH, "application/json", review);

    assertThat(stamped.statusCode()).isEqualTo(200);
    assertThat(json.readTree(stamped.body()).path("response").path("patch").asText()).isNotEmpty();
    assertThat(recorded.statusCode()).isEqualTo(200);
    assertThat(json.readTree(recorded.body()).path("response").path("allowed").asBoolean())
        .isTrue();
    assertThat(audit.operations(NAMESPACE, "billing")).containsExactly("rootkey.edited");
  }

  private ObjectNode rootKey() {
    ObjectNode object = json.createObjectNode();
    object.put("apiVersion", "rootkey.dev/v1alpha1").put("kind", "RootKey");
    object.putObject("metadata").put("name", "billing").put("namespace", NAMESPACE);
    object.putObject("spec").putArray("permissions").add("api.*.verify_key");
    return object;
  }

  private void assertOneShortWarningPerRequestAndNoStackTrace(int requests) {
    List<ILoggingEvent> events = List.copyOf(logs.list);
    assertThat(events).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
    List<ILoggingEvent> fromAdmission =
        events.stream()
            .filter(event -> event.getLoggerName().equals(RootKeyAdmission.class.getName()))
            .toList();
    assertThat(fromAdmission)
        .hasSize(requests)
        .allSatisfy(event -> assertThat(event.getFormattedMessage()).hasSizeLessThan(200));
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webhook.admissionPort().getAsInt() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
