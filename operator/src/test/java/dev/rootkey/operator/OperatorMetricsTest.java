package dev.rootkey.operator;

import static dev.rootkey.operator.TestRootKeys.NAMESPACE;
import static dev.rootkey.operator.TestRootKeys.get;
import static dev.rootkey.operator.TestRootKeys.isReady;
import static dev.rootkey.operator.TestRootKeys.rootKey;
import static dev.rootkey.operator.TestRootKeys.secret;
import static dev.rootkey.operator.TestRootKeys.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.key.KeyGenerator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's /metrics and /healthz over HTTP after an issuance, a rotation and a leak. */
@EnableKubernetesMockClient(crud = true)
class OperatorMetricsTest {

  KubernetesClient client;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();
  private Operator operator;
  private OperatorHttpServer server;

  @BeforeEach
  void start() throws Exception {
    TestRootKeys.installCrd(client);
    operator =
        RootKeyOperator.create(
            client,
            Clock.systemUTC(),
            new KeyGenerator(new SecureRandom()),
            TestRootKeys.SEAL,
            new OperatorOptions(Set.of(), meters, Optional.empty()));
    operator.start();
    server =
        OperatorHttpServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), operator, meters);
  }

  @AfterEach
  void stop() {
    server.close();
    operator.stop();
  }

  @Test
  void issuanceRotationAndLeakShowInThePrometheusMetrics() throws Exception {
    RootKey rootKey = rootKey("billing", "api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setInterval("720h");
    rootKey.getSpec().setRotation(rotation);
    rootKey.getSpec().setExpiresAt("2030-01-01T00:00:00Z");
    client.resource(rootKey).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> isReady(get(client, "billing")));
    String first = get(client, "billing").getStatus().getCurrentKeyId();
    TestRootKeys.annotate(client, "billing", Map.of("rootkey.dev/rotate", "1"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !first.equals(get(client, "billing").getStatus().getCurrentKeyId()));
    String rotatedKey = token(secret(client, "billing"), "ROOT_KEY");
    TestRootKeys.reportLeak(client, "billing", get(client, "billing").getStatus().getKeys().get(0));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().contains("rootkey_leaks_handled_total{action=\"Revoked\"} 1.0"));
    String metrics = scrape();
    assertThat(sample(metrics, "rootkey_rotations_total{trigger=\"Created\"}")).isEqualTo(1.0);
    assertThat(sample(metrics, "rootkey_rotations_total{trigger=\"Manual\"}")).isEqualTo(1.0);
    assertThat(sample(metrics, "rootkey_rotations_total{trigger=\"Leaked\"}")).isEqualTo(1.0);
    // Counters exist at 0 before their first event, so that alerts on increase() see it.
    assertThat(sample(metrics, "rootkey_rotations_total{trigger=\"Scheduled\"}")).isEqualTo(0.0);
    assertThat(sample(metrics, "rootkey_leaks_handled_total{action=\"Notified\"}")).isEqualTo(0.0);
    String series = "{namespace=\"payments\",rootkey=\"billing\"}";
    assertThat(sample(metrics, "rootkey_ready" + series)).isEqualTo(1.0);
    assertThat(sample(metrics, "rootkey_expiry_timestamp_seconds" + series))
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond());
    assertThat(sample(metrics, "rootkey_next_rotation_timestamp_seconds" + series))
        .isEqualTo(
            Instant.parse(get(client, "billing").getStatus().getNextRotationAt()).toEpochMilli()
                / 1000.0);
    assertThat(metrics)
        .contains("operator_sdk_reconciliations_started_total")
        .doesNotContain(rotatedKey)
        .doesNotContain(token(secret(client, "billing"), "ROOT_KEY"));

    HttpResponse<String> health = fetch("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(fetch("/readyz").statusCode()).isEqualTo(200);

    client.resources(RootKey.class).inNamespace(NAMESPACE).withName("billing").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> !scrape().contains("rootkey=\"billing\""));
  }

  @Test
  void aRootKeyTheOperatorCannotActOnShowsNotReady() throws Exception {
    RootKey broken = rootKey("broken", "api.*.verify_key");
    RotationSpec rotation = new RotationSpec();
    rotation.setInterval("every now and then");
    broken.getSpec().setRotation(rotation);
    client.resource(broken).create();

    String series = "rootkey_ready{namespace=\"payments\",rootkey=\"broken\"}";
    await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains(series));
    assertThat(sample(scrape(), series)).isEqualTo(0.0);
  }

  @Test
  void eachNewRootKeyIsReconciledOnceNotAgainForTheOperatorsOwnWrites() throws Exception {
    // An issuance writes the status twice and the Secret once; the mock server sends each write's
    // watch event before its response, the race that used to cost up to three more reconciles.
    int rootKeys = 20;
    for (int i = 0; i < rootKeys; i++) {
      client.resource(rootKey("service-" + i, "api.*.verify_key")).create();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.resources(RootKey.class).inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(TestRootKeys::isReady)
                        .count()
                    == rootKeys);
    // Late reconciles would follow within moments of the writes that caused them.
    Thread.sleep(1_000);

    assertThat(total(scrape(), "operator_sdk_reconciliations_started_total")).isEqualTo(rootKeys);
  }

  /** The sum of a metric's samples over all their labels. */
  private static double total(String metrics, String name) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The value of one sample line, by its exact name and labels. */
  private static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + metrics));
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = fetch("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> fetch(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
