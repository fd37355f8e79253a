package dev.rootkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.KeyHash;
import dev.rootkey.testing.TestingClock;
import dev.rootkey.webhook.audit.WebhookAudit;
import dev.rootkey.webhook.gitlab.PreSharedToken;
import dev.rootkey.webhook.http.PerCallerRateLimiter;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.index.LeakedKeys;
import dev.rootkey.webhook.leak.LeakRecorder;
import dev.rootkey.webhook.verify.TrustedProxies;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Token Revocation API's "retry later" (429, which GitLab's specification gives for it): when
 * it cannot record a leak now, and when a caller sends more than its rate limit; over real HTTP.
 */
class TokenRevocationRetriesTest {

  private static final String TOKEN = "self-managed-gitlab-token";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String ours = new KeyGenerator(new SecureRandom()).generate("rk").token();
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final AtomicInteger recordAttempts = new AtomicInteger();
  private volatile boolean ready = true;
  private final TestingClock clock = new TestingClock(Instant.parse("2026-12-05T10:00:00Z"));
  private int requestsPerMinute = 60;
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void aRevocationRequestWhileRootKeysAreStillLoadingIsAnswered429AndRecordsNothing()
      throws Exception {
    ready = false;
    start(
        (key, hash, match, reporter) -> {
          recordAttempts.incrementAndGet();
          return true;
        });

    HttpResponse<String> answer = revoke();

    assertThat(answer.statusCode()).isEqualTo(429);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(recordAttempts).hasValue(0);
    assertThat(audit).isEmpty();
  }

  @Test
  void aRevocationRequestWhoseLeakCannotBeRecordedIsAnswered429SoGitLabSendsItAgain()
      throws Exception {
    start(
        (key, hash, match, reporter) -> {
          recordAttempts.incrementAndGet();
          throw new KubernetesClientException("the API server is unavailable");
        });

    HttpResponse<String> answer = revoke();

    assertThat(answer.statusCode()).isEqualTo(429);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(recordAttempts).hasValue(1);
    assertThat(audit).isEmpty();
  }

  @Test
  void aCallerOverItsRateLimitIsAnswered429WithRetryAfterAndNothingRecorded() throws Exception {
    requestsPerMinute = 2;
    start(
        (key, hash, match, reporter) -> {
          recordAttempts.incrementAndGet();
          return true;
        });

    assertThat(revoke().statusCode()).isEqualTo(204);
    assertThat(revoke().statusCode()).isEqualTo(204);
    HttpResponse<String> answer = revoke();

    assertThat(answer.statusCode()).isEqualTo(429);
    assertThat(answer.headers().firstValue("Retry-After")).contains("30");
    assertThat(recordAttempts).hasValue(2);

    clock.advance(Duration.ofSeconds(30));
    assertThat(revoke().statusCode()).isEqualTo(204);
  }

  @Test
  void requestsWithoutTheTokenDoNotSpendTheRateLimitOfTheCallerThatHasIt() throws Exception {
    requestsPerMinute = 1;
    start(
        (key, hash, match, reporter) -> {
          recordAttempts.incrementAndGet();
          return true;
        });

    for (int i = 0; i < 5; i++) {
      assertThat(revoke("not-the-token").statusCode()).isEqualTo(401);
    }

    assertThat(revoke().statusCode()).isEqualTo(204);
    assertThat(recordAttempts).hasValue(1);
  }

  private HttpResponse<String> revoke() throws Exception {
    return revoke(TOKEN);
  }

  private HttpResponse<String> revoke(String authorization) throws Exception {
    byte[] body =
        json.writeValueAsBytes(
            List.of(
                Map.of(
                    "type", "gitleaks_rule_id_rootkey_root_key",
                    "token", ours,
                    "location", "https://gitlab.example.com/o/r/-/raw/abc/.env")));
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + app.port() + TokenRevocationApi.REVOKE_TOKENS_PATH))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void start(LeakRecorder recorder) {
    WebhookMetrics metrics =
        new WebhookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    LeakReports reports =
        new LeakReports(
            new OneKeyIndex(),
            recorder,
            new LeakedKeys(),
            metrics,
            new WebhookAudit(audit::add, Source.of("scanner-webhook", "test"), Clock.systemUTC()),
            TrustedProxies.parse(""));
    TokenRevocationApi api =
        new TokenRevocationApi(
            new PreSharedToken(TOKEN),
            reports,
            metrics,
            new PerCallerRateLimiter(clock, requestsPerMinute));
    app = Javalin.create(config -> config.showJavalinBanner = false);
    app.post(TokenRevocationApi.REVOKE_TOKENS_PATH, api::revoke);
    app.start("127.0.0.1", 0);
  }

  /** The index of one RootKey holding {@link #ours}, ready or not as the test says. */
  private final class OneKeyIndex implements KeyIndex {

    @Override
    public Optional<IndexedKey> find(String tokenHash) {
      if (!tokenHash.equals(KeyHash.sha256Hex(ours))) {
        return Optional.empty();
      }
      RootKey rootKey = new RootKey();
      rootKey.setMetadata(
          new ObjectMetaBuilder().withName("billing").withNamespace("payments").build());
      KeyRecord record = new KeyRecord();
      record.setId("key-1");
      record.setHash(tokenHash);
      return Optional.of(new IndexedKey(rootKey, record));
    }

    @Override
    public boolean isReady() {
      return ready;
    }
  }
}
