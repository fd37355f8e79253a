package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.webhook.github.KeySetEndpoint;
import dev.rootkey.webhook.github.TestingSigner;
import dev.rootkey.webhook.http.RequestLimits;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator and the scanner-webhook as a user runs them, against one in-process API server with
 * the CRDs installed, and a local stand-in for GitHub's public-keys endpoint serving a key
 * generated for the test: what the end-to-end tests drive over real HTTP.
 */
final class RunningSystem implements AutoCloseable {

  static final String KEY_ID = "test-key-1";

  /** The record seal key the operator and the webhook share, as the chart's Secret gives them. */
  final RecordSeal seal = RecordSeal.random(new SecureRandom());

  final TestingSigner signer = TestingSigner.p256();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final KeySetEndpoint keysEndpoint;
  private final KubernetesClient client;
  private Operator operator;
  private final ScannerWebhook webhook;

  private RunningSystem(KubernetesClient client) throws IOException {
    for (String plural : List.of("rootkeys", "keyleaks")) {
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        client.resource(Serialization.unmarshal(yaml, CustomResourceDefinition.class)).create();
      }
    }
    this.client = client;
    keysEndpoint = KeySetEndpoint.serve(signer.keySetDocument(KEY_ID));
    startOperator();
    webhook =
        ScannerWebhook.start(
            client,
            TestWebhookConfigs.onFreePorts(
                keysEndpoint.url(), 1024 * 1024, RequestLimits.DEFAULT_READ_TIMEOUT),
            seal,
            Clock.systemUTC());
  }

  /** Starts everything and waits until the webhook is ready. */
  static RunningSystem start(KubernetesClient client) throws IOException {
    RunningSystem system = new RunningSystem(client);
    await().atMost(Duration.ofSeconds(10)).until(() -> system.get("/readyz").statusCode() == 200);
    return system;
  }

  /** Stops the operator, as while it is down or being upgraded; the webhook goes on answering. */
  void stopOperator() {
    operator.stop();
    operator = null;
  }

  /** Starts an operator with the same seal key, as a restarted or upgraded pod. */
  void startOperator() {
    operator =
        RootKeyOperator.create(
            client, Clock.systemUTC(), new KeyGenerator(new SecureRandom()), seal, Set.of());
    operator.start();
  }

  /** One token as GitHub reports it. */
  static Map<String, String> match(String token) {
    Map<String, String> match = new LinkedHashMap<>();
    match.put("token", token);
    match.put("type", "rootkey_root_key");
    match.put("url", " https://github.com/octo/repo/blob/main/.env");
    match.put("source", "commit");
    return match;
  }

  /** A secret-scanning alert signed as GitHub signs it. */
  HttpResponse<String> alert(List<Map<String, String>> matches) throws Exception {
    byte[] body = json.writeValueAsBytes(matches);
    return post(body, "application/json", signer.sign(body), KEY_ID);
  }

  HttpResponse<String> post(byte[] body, String contentType, String signature, String id)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(WebhookApp.SECRET_SCANNING_PATH))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("Github-Public-Key-Signature", signature);
    }
    if (id != null) {
      request.header("GITHUB-PUBLIC-KEY-IDENTIFIER", id);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What {@code POST /v2/keys.verifyKey} answers for this key and these permissions. */
  JsonNode verify(String key, List<String> permissions) throws Exception {
    HttpResponse<String> response =
        postJson(WebhookApp.VERIFY_KEY_PATH, Map.of("key", key, "permissions", permissions));
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  /** A JSON body posted to one of the webhook's paths. */
  HttpResponse<String> postJson(String path, Object body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON body posted to one of the admission endpoints, on their own port. */
  HttpResponse<String> postAdmission(String path, Object body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(admissionUrl(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** On the public port: what the Ingress and every workload reach. */
  URI url(String path) {
    return URI.create("http://127.0.0.1:" + webhook.port() + path);
  }

  /** On the admission port: what the API server reaches. */
  URI admissionUrl(String path) {
    return URI.create("http://127.0.0.1:" + webhook.admissionPort().getAsInt() + path);
  }

  @Override
  public void close() {
    webhook.close();
    if (operator != null) {
      operator.stop();
    }
    keysEndpoint.close();
  }
}
