package dev.rootkey.webhook;

import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.audit.JsonLinesAuditTrail;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.admission.RepeatedAsks;
import dev.rootkey.webhook.admission.RootKeyAdmission;
import dev.rootkey.webhook.audit.WebhookAudit;
import dev.rootkey.webhook.github.GitHub;
import dev.rootkey.webhook.gitlab.GitLab;
import dev.rootkey.webhook.http.PerCallerRateLimiter;
import dev.rootkey.webhook.index.InformerKeyIndex;
import dev.rootkey.webhook.index.KeyLeakInformer;
import dev.rootkey.webhook.index.LeakedKeys;
import dev.rootkey.webhook.leak.KubernetesLeakRecorder;
import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.EcdsaSignatureVerifier;
import dev.rootkey.webhook.partner.HttpPublicKeysFetcher;
import dev.rootkey.webhook.partner.KeySetParser;
import dev.rootkey.webhook.partner.LeakReportIntake;
import dev.rootkey.webhook.partner.LeakReportParser;
import dev.rootkey.webhook.partner.PartnerPublicKeys;
import dev.rootkey.webhook.partner.SignedRequestVerifier;
import dev.rootkey.webhook.tls.TlsEndpoint;
import dev.rootkey.webhook.usage.KubernetesKeyUsageWriter;
import dev.rootkey.webhook.usage.UsageReporter;
import dev.rootkey.webhook.usage.UsageTable;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scanner-webhook: the RootKey index, GitHub's keys, the HTTP server and the reporter
 * of key uses.
 */
public final class ScannerWebhook implements AutoCloseable {

  static final String PLAIN_HTTP_WARNING =
      "serving plain HTTP: root keys in verify requests travel unencrypted; set TLS_CERT_FILE and"
          + " TLS_KEY_FILE";

  private static final Logger log = LoggerFactory.getLogger(ScannerWebhook.class);

  /** The last report's share of {@link dev.rootkey.config.BoundedShutdown#DEADLINE}. */
  private static final Duration USAGE_FLUSH_TIMEOUT = Duration.ofSeconds(2);

  private final InformerKeyIndex index;
  private final KeyLeakInformer leaks;
  private final Javalin app;
  private final Optional<Javalin> admissionApp;
  private final ScheduledExecutorService tlsReloads;
  private final UsageReporter usageReporter;

  private ScannerWebhook(
      InformerKeyIndex index,
      KeyLeakInformer leaks,
      Javalin app,
      Optional<Javalin> admissionApp,
      ScheduledExecutorService tlsReloads,
      UsageReporter usageReporter) {
    this.index = index;
    this.leaks = leaks;
    this.app = app;
    this.admissionApp = admissionApp;
    this.tlsReloads = tlsReloads;
    this.usageReporter = usageReporter;
  }

  /** Where the webhook's audit records say they come from: this service in this pod. */
  private static final Source AUDIT_SOURCE = Source.thisHost("scanner-webhook");

  /**
   * Wires every part for {@code config} against {@code client} and starts listening; only key
   * records {@code seal} verifies are the operator's.
   */
  public static ScannerWebhook start(
      KubernetesClient client, WebhookConfig config, RecordSeal seal, Clock clock) {
    return start(client, config, seal, clock, app -> {});
  }

  /**
   * As {@link #start(KubernetesClient, WebhookConfig, RecordSeal, Clock)}, with extra routes added
   * before the server starts: the benchmarks compare verification with a bare route on the same
   * server.
   */
  public static ScannerWebhook start(
      KubernetesClient client,
      WebhookConfig config,
      RecordSeal seal,
      Clock clock,
      Consumer<Javalin> extraRoutes) {
    ScheduledExecutorService tlsReloads =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "tls-reload");
              thread.setDaemon(true);
              return thread;
            });
    // Before anything else starts: a bad certificate or key stops the start here, naming the file.
    Optional<TlsEndpoint> tls;
    try {
      tls = config.tls().map(settings -> new TlsEndpoint(settings, tlsReloads));
    } catch (RuntimeException e) {
      tlsReloads.shutdownNow();
      throw e;
    }
    if (tls.isEmpty()) {
      log.warn("!!! {} !!!", PLAIN_HTTP_WARNING);
    }
    UsageTable usage = new UsageTable();
    InformerKeyIndex index = InformerKeyIndex.start(client, config.namespaces(), seal, usage);
    LeakedKeys leaked = new LeakedKeys();
    KeyLeakInformer leaks = KeyLeakInformer.start(client, config.namespaces(), leaked);
    HttpClient keyFetches = HttpClient.newHttpClient();
    PartnerPublicKeys keys =
        new PartnerPublicKeys(
            new HttpPublicKeysFetcher(
                keyFetches,
                config.githubKeysUrl(),
                config.githubToken(),
                HttpPublicKeysFetcher.DEFAULT_TIMEOUT),
            new KeySetParser(),
            clock,
            PartnerPublicKeys.DEFAULT_TTL,
            PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
            GitHub.KEYS_DESCRIPTION);
    LeakReportIntake intake =
        new LeakReportIntake(
            new SignedRequestVerifier(keys, new EcdsaSignatureVerifier(), GitHub.SIGNATURE_HEADERS),
            new LeakReportParser(GitHub.ALERT_FORMAT));
    VerificationCounts verdicts = new VerificationCounts();
    TrustedProxies proxies = TrustedProxies.parse(config.trustedProxies());
    VerifyService verify =
        new VerifyService(
            new VerifyRequestParser(),
            new KeyVerifier(index, leaked, clock, verdicts),
            proxies,
            verdicts,
            new RandomRequestIds(RandomGenerator.getDefault()));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WebhookMetrics metrics = new WebhookMetrics(meters);
    metrics.bind(verdicts, keys);
    WebhookAudit audit = new WebhookAudit(new JsonLinesAuditTrail(), AUDIT_SOURCE, clock);
    LeakReports reports =
        new LeakReports(
            index, new KubernetesLeakRecorder(client, clock), leaked, metrics, audit, proxies);
    Optional<PartnerAlertEndpoint> gitlabAlerts =
        config
            .gitlab()
            .keysUrl()
            .map(url -> gitlabAlerts(url, keyFetches, clock, metrics, reports));
    Optional<TokenRevocationApi> revocation =
        config
            .gitlab()
            .revocationToken()
            .map(
                t ->
                    new TokenRevocationApi(
                        t,
                        reports,
                        metrics,
                        new PerCallerRateLimiter(
                            clock, config.gitlab().revocationRequestsPerMinute())));
    Javalin app =
        new WebhookApp(
                new PartnerAlertEndpoint(intake, Reporter.GITHUB, reports, metrics),
                gitlabAlerts,
                revocation,
                index,
                verify,
                meters,
                config.requestLimits(),
                config.host(),
                config.port(),
                tls)
            .create();
    extraRoutes.accept(app);
    Optional<Javalin> admissionApp =
        config.admissionPort().isPresent()
            ? Optional.of(
                new AdmissionApp(
                        new RootKeyAdmission(audit, new RepeatedAsks(clock)),
                        config.requestLimits(),
                        config.host(),
                        config.admissionPort().getAsInt(),
                        tls)
                    .create())
            : Optional.empty();
    try {
      app.start();
      admissionApp.ifPresent(Javalin::start);
    } catch (RuntimeException e) {
      admissionApp.ifPresent(Javalin::stop);
      app.stop();
      index.close();
      leaks.close();
      tlsReloads.shutdownNow();
      throw e;
    }
    tls.ifPresent(TlsEndpoint::watch);
    UsageReporter usageReporter =
        new UsageReporter(
            usage,
            index,
            new KubernetesKeyUsageWriter(client, config.usage().replica()),
            clock,
            config.usage().interval(),
            config.usage().activeInterval());
    usageReporter.start();
    return new ScannerWebhook(index, leaks, app, admissionApp, tlsReloads, usageReporter);
  }

  /**
   * GitLab's partner alerts: GitLab's keys, fetched and cached by the same rules as GitHub's, its
   * own header names and body format, into the same pipeline.
   */
  private static PartnerAlertEndpoint gitlabAlerts(
      URI keysUrl,
      HttpClient keyFetches,
      Clock clock,
      WebhookMetrics metrics,
      LeakReports reports) {
    PartnerPublicKeys keys =
        new PartnerPublicKeys(
            new HttpPublicKeysFetcher(
                keyFetches, keysUrl, Optional.empty(), HttpPublicKeysFetcher.DEFAULT_TIMEOUT),
            new KeySetParser(),
            clock,
            PartnerPublicKeys.DEFAULT_TTL,
            PartnerPublicKeys.DEFAULT_MIN_REFRESH_INTERVAL,
            GitLab.KEYS_DESCRIPTION);
    metrics.bindKeyRefreshes("gitlab", keys);
    LeakReportIntake intake =
        new LeakReportIntake(
            new SignedRequestVerifier(keys, new EcdsaSignatureVerifier(), GitLab.SIGNATURE_HEADERS),
            new LeakReportParser(GitLab.ALERT_FORMAT));
    return new PartnerAlertEndpoint(intake, Reporter.GITLAB, reports, metrics);
  }

  /** The public port: GitHub's alerts, verification, health and metrics. */
  public int port() {
    return app.port();
  }

  /** The admission endpoints' own port, unless they are not served ({@code ADMISSION_PORT=off}). */
  public OptionalInt admissionPort() {
    return admissionApp.map(a -> OptionalInt.of(a.port())).orElse(OptionalInt.empty());
  }

  /** Whether every RootKey is in the index, as {@code /readyz} says. */
  public boolean isReady() {
    return index.isReady();
  }

  @Override
  public void close() {
    tlsReloads.shutdownNow();
    admissionApp.ifPresent(Javalin::stop);
    app.stop();
    // After the last verification, before the client closes: the uses seen since the last report.
    usageReporter.close(USAGE_FLUSH_TIMEOUT);
    index.close();
    leaks.close();
  }
}
