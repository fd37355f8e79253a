package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.gitlab.GitLab;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.partner.KeySetEndpoint;
import dev.rootkey.webhook.partner.SignatureHeaders;
import dev.rootkey.webhook.partner.TestingSigner;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The operator and the scanner-webhook as a user runs them, against one in-process API server with
 * the CRDs installed, and local stand-ins for GitHub's and GitLab's public-keys endpoints serving
 * keys generated for the test (and GitLab's Token Revocation API on, with a pre-shared token): what
 * the end-to-end tests drive over real HTTP.
 */
final class RunningSystem implements AutoCloseable {

  static final String KEY_ID = "test-key-1";
  static final String GITLAB_KEY_ID = "gitlab-test-key-1";
  static final String REVOCATION_TOKEN = "self-managed-gitlab-token";

  /** The record seal key the operator and the webhook share, as the chart's Secret gives them. */
  final RecordSeal seal = RecordSeal.random(new SecureRandom());

  final TestingSigner signer = TestingSigner.p256();
  final TestingSigner gitlabSigner = TestingSigner.p256();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final KeySetEndpoint keysEndpoint;
  private final KeySetEndpoint gitlabKeysEndpoint;
  private final KubernetesClient client;
  private Operator operator;
  private final ScannerWebhook webhook;
  private final List<ScannerWebhook> replicas = new ArrayList<>();

  private RunningSystem(KubernetesClient client) throws IOException {
    for (String plural : List.of("rootkeys", "keyleaks", "keyusages")) {
      try (InputStream yaml =
          RootKey.class.getResourceAsStream(
              "/META-INF/fabric8/" + plural + ".rootkey.dev-v1.yml")) {
        client.resource(Serialization.unmarshal(yaml, CustomResourceDefinition.class)).create();
      }
    }
    this.client = client;
    keysEndpoint = KeySetEndpoint.serve(signer.keySetDocument(KEY_ID));
    gitlabKeysEndpoint = KeySetEndpoint.serve(gitlabSigner.keySetDocument(GITLAB_KEY_ID));
    startOperator();
    webhook = startWebhook();
  }

  private ScannerWebhook startWebhook() {
    return ScannerWebhook.start(
        client,
        new WebhookConfig(
            "127.0.0.1",
            0,
            OptionalInt.of(0),
            keysEndpoint.url(),
            Optional.empty(),
            Set.of(),
            1024 * 1024,
            "",
            Optional.empty(),
            RequestLimits.DEFAULT_READ_TIMEOUT,
            new GitLabConfig(
                Optional.of(gitlabKeysEndpoint.url()),
                Optional.of(new PreSharedToken(REVOCATION_TOKEN)))),
        seal,
        Clock.systemUTC());
  }

  /**
   * Another scanner-webhook replica on the same API server with the same settings, as a second pod
   * of the Deployment; ready when this returns, closed with the rest.
   */
  ScannerWebhook startReplica() {
    ScannerWebhook replica = startWebhook();
    replicas.add(replica);
    await().atMost(Duration.ofSeconds(30)).until(replica::isReady);
    return replica;
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
    return post(WebhookApp.SECRET_SCANNING_PATH, body, contentType, signature, id);
  }

  /** A partner alert to {@code path}, with the host's two headers where given. */
  HttpResponse<String> post(
      String path, byte[] body, String contentType, String signature, String id) throws Exception {
    SignatureHeaders headers =
        path.equals(WebhookApp.GITLAB_SECRET_DETECTION_PATH)
            ? GitLab.SIGNATURE_HEADERS
            : GitHub.SIGNATURE_HEADERS;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(headers.signature(), signature);
    }
    if (id != null) {
      // Upper case: header names match whatever their case.
      request.header(headers.keyIdentifier().toUpperCase(Locale.ROOT), id);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A partner alert signed as GitLab signs it. */
  HttpResponse<String> gitlabAlert(List<Map<String, String>> matches) throws Exception {
    byte[] body = json.writeValueAsBytes(matches);
    return post(
        WebhookApp.GITLAB_SECRET_DETECTION_PATH,
        body,
        "application/json",
        gitlabSigner.sign(body),
        GITLAB_KEY_ID);
  }

  /** {@code POST /v1/revoke_tokens} as a self-managed GitLab sends it, with this Authorization. */
  HttpResponse<String> revoke(Object body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(TokenRevocationApi.REVOKE_TOKENS_PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    if (authorization != null) {
      request.header("Authorization", authorization);
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

  /** The verdict code {@code POST /v2/keys.verifyKey} answers for this key on this replica. */
  String verifyCodeOn(ScannerWebhook replica, String key) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + replica.port() + WebhookApp.VERIFY_KEY_PATH))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        json.writeValueAsBytes(Map.of("key", key))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body()).at("/data/code").asText();
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
    replicas.forEach(ScannerWebhook::close);
    webhook.close();
    if (operator != null) {
      operator.stop();
    }
    keysEndpoint.close();
    gitlabKeysEndpoint.close();
  }
}
