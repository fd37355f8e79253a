package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.key.RecordSeal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without GitLab's settings the webhook serves none of GitLab's paths. */
@EnableKubernetesMockClient(crud = true)
class GitLabSourcesOffTest {

  KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ScannerWebhook webhook;

  @BeforeEach
  void start() {
    webhook =
        ScannerWebhook.start(
            client,
            // As the webhook reads its settings, with none of GitLab's given.
            WebhookConfig.fromEnvironment(
                Map.of(
                    "BIND_ADDRESS", "127.0.0.1",
                    "PORT", "0",
                    "ADMISSION_PORT", "off",
                    "GITHUB_KEYS_URL", "http://127.0.0.1:9/keys")),
            RecordSeal.random(new SecureRandom()),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void gitLabsPartnerAlertsAndTokenRevocationApiAreNotFoundUnlessConfigured() throws Exception {
    for (String path :
        new String[] {
          WebhookApp.GITLAB_SECRET_DETECTION_PATH, TokenRevocationApi.REVOKE_TOKENS_PATH
        }) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(url(path))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "anything")
                  .POST(HttpRequest.BodyPublishers.ofString("[]"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
    }
    HttpResponse<String> types =
        http.send(
            HttpRequest.newBuilder(url(TokenRevocationApi.REVOCABLE_TOKEN_TYPES_PATH))
                .header("Authorization", "anything")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(types.statusCode()).isEqualTo(404);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + webhook.port() + path);
  }
}
