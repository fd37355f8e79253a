package dev.rootkey.bench;

import com.sun.net.httpserver.HttpServer;
import dev.rootkey.webhook.WebhookApp;
import dev.rootkey.webhook.WebhookConfig;
import dev.rootkey.webhook.WebhookMetrics;
import dev.rootkey.webhook.github.GitHubKeySetParser;
import dev.rootkey.webhook.github.GitHubPublicKeys;
import dev.rootkey.webhook.github.GitHubRequestVerifier;
import dev.rootkey.webhook.github.GitHubSignatureVerifier;
import dev.rootkey.webhook.github.HttpPublicKeysFetcher;
import dev.rootkey.webhook.github.SecretScanningAlertParser;
import dev.rootkey.webhook.github.SecretScanningIntake;
import dev.rootkey.webhook.index.InformerKeyIndex;
import dev.rootkey.webhook.leak.KubernetesLeakRecorder;
import dev.rootkey.webhook.verify.KeyVerifier;
import dev.rootkey.webhook.verify.RandomRequestIds;
import dev.rootkey.webhook.verify.TrustedProxies;
import dev.rootkey.webhook.verify.VerificationCounts;
import dev.rootkey.webhook.verify.VerifyRequestParser;
import dev.rootkey.webhook.verify.VerifyService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The scanner-webhook wired as ScannerWebhook wires it, on 127.0.0.1, trusting {@link
 * AlertSigner}'s key through a local keys endpoint, plus one bench-only route answering a constant
 * JSON body: the bare Javalin figure that verification is compared with.
 */
final class BenchWebhook implements AutoCloseable {

  static final String CONSTANT_PATH = "/bench/constant";
  static final String KEY_ID = "bench-key-1";

  private static final byte[] CONSTANT =
      "{\"meta\":{\"requestId\":\"req_bench\"},\"data\":{\"valid\":true,\"code\":\"VALID\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer keysEndpoint;
  private final InformerKeyIndex index;
  private final Javalin app;

  private BenchWebhook(HttpServer keysEndpoint, InformerKeyIndex index, Javalin app) {
    this.keysEndpoint = keysEndpoint;
    this.index = index;
    this.app = app;
  }

  static BenchWebhook start(KubernetesClient client, AlertSigner signer, Clock clock)
      throws IOException {
    HttpServer keysEndpoint =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] keySet = signer.keySetDocument(KEY_ID);
    keysEndpoint.createContext(
        "/keys",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keySet.length);
          exchange.getResponseBody().write(keySet);
          exchange.close();
        });
    keysEndpoint.start();
    URI keysUrl = URI.create("http://127.0.0.1:" + keysEndpoint.getAddress().getPort() + "/keys");

    InformerKeyIndex index = InformerKeyIndex.start(client, Set.of());
    GitHubPublicKeys keys =
        new GitHubPublicKeys(
            new HttpPublicKeysFetcher(
                HttpClient.newHttpClient(),
                keysUrl,
                Optional.empty(),
                HttpPublicKeysFetcher.DEFAULT_TIMEOUT),
            new GitHubKeySetParser(),
            clock,
            GitHubPublicKeys.DEFAULT_TTL,
            GitHubPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL);
    SecretScanningIntake intake =
        new SecretScanningIntake(
            new GitHubRequestVerifier(keys, new GitHubSignatureVerifier()),
            new SecretScanningAlertParser());
    VerificationCounts verdicts = new VerificationCounts();
    VerifyService verify =
        new VerifyService(
            new VerifyRequestParser(),
            new KeyVerifier(index, clock, verdicts),
            TrustedProxies.parse(""),
            verdicts,
            new RandomRequestIds(RandomGenerator.getDefault()));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new WebhookMetrics(meters).bind(verdicts, keys);
    Javalin app =
        new WebhookApp(
                intake,
                index,
                new KubernetesLeakRecorder(client, clock),
                verify,
                meters,
                WebhookConfig.DEFAULT_MAX_REQUEST_BYTES,
                // Plain HTTP, like the bare endpoint it is compared with.
                Optional.empty())
            .create();
    app.post(CONSTANT_PATH, ctx -> ctx.contentType("application/json").result(CONSTANT));
    app.start("127.0.0.1", 0);
    return new BenchWebhook(keysEndpoint, index, app);
  }

  boolean isReady() {
    return index.isReady();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  @Override
  public void close() {
    app.stop();
    index.close();
    keysEndpoint.stop(0);
  }
}
