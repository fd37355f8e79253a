package dev.rootkey.webhook;

import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.PartnerPublicKeys;
import dev.rootkey.webhook.verify.PresentedKeyState;
import dev.rootkey.webhook.verify.VerificationCode;
import dev.rootkey.webhook.verify.VerificationCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scanner-webhook's Prometheus metrics: {@code
 * rootkey_webhook_requests_total{reporter,outcome}}, {@code
 * rootkey_webhook_leaks_received_total{reporter}}, {@code rootkey_verifications_total{code}},
 * {@code rootkey_verifications_by_key_state_total{state}} and {@code
 * rootkey_<host>_key_refreshes_total{result}}. Counts only: never a token.
 *
 * <p>The key state is a metric of its own rather than a second label on {@code
 * rootkey_verifications_total}: a new label would split every existing series in two, so queries
 * and alerts that select by {@code code} without summing would change meaning, and each series
 * would restart at the upgrade.
 */
public final class WebhookMetrics {

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    // At 0 from the start: Prometheus' increase() cannot see a series' first sample, so a counter
    // born at 1 would hide the first leak from the RootKeyLeaked alert.
    for (Reporter reporter : Reporter.values()) {
      leaksReceived(reporter);
    }
  }

  /** Reads the counts the verifier and the key cache keep, at scrape time. */
  public void bind(VerificationCounts verdicts, PartnerPublicKeys keys) {
    for (VerificationCode code : VerificationCode.values()) {
      FunctionCounter.builder("rootkey.verifications", verdicts, v -> v.count(code))
          .description("Key verifications answered, by code")
          .tag("code", code.name())
          .register(registry);
    }
    for (PresentedKeyState state : PresentedKeyState.values()) {
      FunctionCounter.builder("rootkey.verifications.by.key.state", verdicts, v -> v.count(state))
          .description(
              "Key verifications answered, by the state of the key presented (none: not ours)")
          .tag("state", state.label())
          .register(registry);
    }
    FunctionCounter.builder("rootkey.verifications.rejected", verdicts, v -> v.badRequests())
        .description("Verification requests refused as malformed (400)")
        .register(registry);
    bindKeyRefreshes("github", keys);
  }

  /** Counts fetches of one host's signing keys as {@code rootkey_<host>_key_refreshes_total}. */
  public void bindKeyRefreshes(String host, PartnerPublicKeys keys) {
    String name = "rootkey." + host + ".key.refreshes";
    String description = "Fetches of the host's public signing keys, by result";
    FunctionCounter.builder(name, keys, k -> k.refreshCounts().succeeded())
        .description(description)
        .tag("result", "succeeded")
        .register(registry);
    FunctionCounter.builder(name, keys, k -> k.refreshCounts().failed())
        .description(description)
        .tag("result", "failed")
        .register(registry);
  }

  /** One leak report, by how it ended: answered, or the status it was refused with. */
  void request(Reporter reporter, String outcome) {
    Counter.builder("rootkey.webhook.requests")
        .description("Leak reports (GitHub, GitLab), by reporter and outcome")
        .tag("reporter", reporter.wireName())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Distinct reported tokens that are ours, counted once per request. */
  void leaksReceived(Reporter reporter, int count) {
    leaksReceived(reporter).increment(count);
  }

  private Counter leaksReceived(Reporter reporter) {
    return Counter.builder("rootkey.webhook.leaks.received")
        .description("Reported tokens that are our keys (true positives), by reporter")
        .tag("reporter", reporter.wireName())
        .register(registry);
  }
}
