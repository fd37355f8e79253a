package dev.rootkey.webhook;

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
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** The running scanner-webhook: the RootKey index, GitHub's keys and the HTTP server. */
public final class ScannerWebhook implements AutoCloseable {

  private final InformerKeyIndex index;
  private final Javalin app;

  private ScannerWebhook(InformerKeyIndex index, Javalin app) {
    this.index = index;
    this.app = app;
  }

  /** Wires every part for {@code config} against {@code client} and starts listening. */
  public static ScannerWebhook start(KubernetesClient client, WebhookConfig config, Clock clock) {
    InformerKeyIndex index = InformerKeyIndex.start(client, config.namespaces());
    GitHubPublicKeys keys =
        new GitHubPublicKeys(
            new HttpPublicKeysFetcher(
                HttpClient.newHttpClient(),
                config.githubKeysUrl(),
                config.githubToken(),
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
            TrustedProxies.parse(config.trustedProxies()),
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
                config.maxRequestBytes())
            .create();
    app.start(config.host(), config.port());
    return new ScannerWebhook(index, app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    index.close();
  }
}
