package dev.rootkey.bench;

import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.ScannerWebhook;
import dev.rootkey.webhook.WebhookConfig;
import dev.rootkey.webhook.gitlab.GitLabConfig;
import dev.rootkey.webhook.http.RequestLimits;
import dev.rootkey.webhook.partner.KeySetEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The scanner-webhook wired as ScannerWebhook wires it, on 127.0.0.1, trusting one {@link
 * AlertSigner}'s key as GitHub's and another's as GitLab's through local keys endpoints, plus one
 * bench-only route answering a constant JSON body: the bare Javalin figure that verification is
 * compared with.
 */
final class BenchWebhook implements AutoCloseable {

  static final String CONSTANT_PATH = "/bench/constant";
  static final String KEY_ID = "bench-key-1";
  static final String GITLAB_KEY_ID = "bench-gitlab-key-1";

  private static final byte[] CONSTANT =
      "{\"meta\":{\"requestId\":\"req_bench\"},\"data\":{\"valid\":true,\"code\":\"VALID\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private final KeySetEndpoint keysEndpoint;
  private final KeySetEndpoint gitlabKeysEndpoint;
  private final ScannerWebhook webhook;

  private BenchWebhook(
      KeySetEndpoint keysEndpoint, KeySetEndpoint gitlabKeysEndpoint, ScannerWebhook webhook) {
    this.keysEndpoint = keysEndpoint;
    this.gitlabKeysEndpoint = gitlabKeysEndpoint;
    this.webhook = webhook;
  }

  static BenchWebhook start(
      KubernetesClient client,
      AlertSigner signer,
      AlertSigner gitlabSigner,
      RecordSeal seal,
      Clock clock)
      throws IOException {
    KeySetEndpoint keysEndpoint = KeySetEndpoint.serve(signer.keySetDocument(KEY_ID));
    KeySetEndpoint gitlabKeysEndpoint =
        KeySetEndpoint.serve(gitlabSigner.keySetDocument(GITLAB_KEY_ID));
    // The production wiring, on plain HTTP like the bare route it is compared with.
    WebhookConfig config =
        new WebhookConfig(
            "127.0.0.1",
            0,
            // No admission endpoints: the benchmarks measure the public port only.
            OptionalInt.empty(),
            keysEndpoint.url(),
            Optional.empty(),
            Set.of(),
            WebhookConfig.DEFAULT_MAX_REQUEST_BYTES,
            "",
            Optional.empty(),
            RequestLimits.DEFAULT_READ_TIMEOUT,
            // GitLab's partner alerts on; its Token Revocation API is not measured.
            new GitLabConfig(Optional.of(gitlabKeysEndpoint.url()), Optional.empty()));
    ScannerWebhook webhook =
        ScannerWebhook.start(
            client,
            config,
            seal,
            clock,
            app ->
                app.post(
                    CONSTANT_PATH, ctx -> ctx.contentType("application/json").result(CONSTANT)));
    return new BenchWebhook(keysEndpoint, gitlabKeysEndpoint, webhook);
  }

  boolean isReady() {
    return webhook.isReady();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + webhook.port() + path);
  }

  @Override
  public void close() {
    webhook.close();
    keysEndpoint.close();
    gitlabKeysEndpoint.close();
  }
}
