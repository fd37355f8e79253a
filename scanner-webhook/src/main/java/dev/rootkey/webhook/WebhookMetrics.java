package dev.rootkey.webhook;

import dev.rootkey.webhook.github.GitHubPublicKeys;
import dev.rootkey.webhook.verify.VerificationCode;
import dev.rootkey.webhook.verify.VerificationCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scanner-webhook's Prometheus metrics: {@code rootkey_webhook_requests_total{outcome}}, {@code
 * rootkey_webhook_leaks_received_total}, {@code rootkey_verifications_total{code}} and {@code
 * rootkey_github_key_refreshes_total{result}}. Counts only: never a token.
 */
public final class WebhookMetrics {

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    // At 0 from the start: Prometheus' increase() cannot see a series' first sample, so a counter
    // born at 1 would hide the first leak from the RootKeyLeaked alert.
    leaksReceived();
  }

  /** Reads the counts the verifier and the key cache keep, at scrape time. */
  public void bind(VerificationCounts verdicts, GitHubPublicKeys keys) {
    for (VerificationCode code : VerificationCode.values()) {
      FunctionCounter.builder("rootkey.verifications", verdicts, v -> v.count(code))
          .description("Key verifications answered, by code")
          .tag("code", code.name())
          .register(registry);
    }
    FunctionCounter.builder("rootkey.verifications.rejected", verdicts, v -> v.badRequests())
        .description("Verification requests refused as malformed (400)")
        .register(registry);
    FunctionCounter.builder(
            "rootkey.github.key.refreshes", keys, k -> k.refreshCounts().succeeded())
        .description("Fetches of GitHub's secret-scanning public keys, by result")
        .tag("result", "succeeded")
        .register(registry);
    FunctionCounter.builder("rootkey.github.key.refreshes", keys, k -> k.refreshCounts().failed())
        .description("Fetches of GitHub's secret-scanning public keys, by result")
        .tag("result", "failed")
        .register(registry);
  }

  /** One secret-scanning request, by how it ended: answered, or the status it was refused with. */
  void request(String outcome) {
    Counter.builder("rootkey.webhook.requests")
        .description("GitHub secret-scanning requests, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Distinct tokens GitHub reported that are ours, counted once per request. */
  void leaksReceived(int count) {
    leaksReceived().increment(count);
  }

  private Counter leaksReceived() {
    return Counter.builder("rootkey.webhook.leaks.received")
        .description("Reported tokens that are our keys (true positives)")
        .register(registry);
  }
}
