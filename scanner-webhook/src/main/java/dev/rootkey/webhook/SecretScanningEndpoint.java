package dev.rootkey.webhook;

import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyHash;
import dev.rootkey.webhook.audit.WebhookAudit;
import dev.rootkey.webhook.github.Intake;
import dev.rootkey.webhook.github.Rejection;
import dev.rootkey.webhook.github.SecretScanningIntake;
import dev.rootkey.webhook.github.SecretScanningLabel;
import dev.rootkey.webhook.github.SecretScanningMatch;
import dev.rootkey.webhook.github.SecretScanningVerdict;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.leak.LeakRecorder;
import dev.rootkey.webhook.verify.TrustedProxies;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /github/secret-scanning}: GitHub's alert of tokens found in public places. Each of
 * our keys found is durably recorded as a KeyLeak before GitHub gets its answer.
 */
public final class SecretScanningEndpoint implements Handler {

  private static final Logger log = LoggerFactory.getLogger(SecretScanningEndpoint.class);

  private final SecretScanningIntake intake;
  private final KeyIndex index;
  private final LeakRecorder recorder;
  private final WebhookMetrics metrics;
  private final WebhookAudit audit;
  private final TrustedProxies proxies;

  public SecretScanningEndpoint(
      SecretScanningIntake intake,
      KeyIndex index,
      LeakRecorder recorder,
      WebhookMetrics metrics,
      WebhookAudit audit,
      TrustedProxies proxies) {
    this.intake = intake;
    this.index = index;
    this.recorder = recorder;
    this.metrics = metrics;
    this.audit = audit;
    this.proxies = proxies;
  }

  @Override
  public void handle(Context ctx) throws UnknownHostException {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      metrics.request("rejected_415");
      ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .json(Map.of("message", "Content-Type must be application/json"));
      return;
    }
    // The exact bytes received: the signature covers them, not a re-serialisation.
    Intake received = intake.receive(ctx::header, ctx.bodyAsBytes());
    if (received instanceof Rejection rejection) {
      log.warn("Refused a secret-scanning alert: {} {}", rejection.status(), rejection.message());
      metrics.request("rejected_" + rejection.status());
      ctx.status(rejection.status()).json(Map.of("message", rejection.message()));
      return;
    }
    if (!index.isReady()) {
      // A miss would wrongly answer false_positive: have GitHub deliver again instead.
      metrics.request("rejected_503");
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .json(Map.of("message", "not ready: RootKeys are still being loaded"));
      return;
    }
    List<SecretScanningMatch> matches = ((Intake.Accepted) received).matches();
    String reporterAddress =
        proxies
            .resolve(
                InetAddress.getByName(ctx.req().getRemoteAddr()),
                Collections.list(ctx.req().getHeaders("X-Forwarded-For")))
            .text();
    List<SecretScanningVerdict> verdicts = new ArrayList<>(matches.size());
    // A token found in many places comes once per place: it is looked up and recorded once (at
    // the first place), and every element still gets its verdict, in order.
    Map<String, SecretScanningLabel> judged = new HashMap<>();
    int ours = 0;
    try {
      for (SecretScanningMatch match : matches) {
        SecretScanningLabel label = judged.get(match.token());
        if (label == null) {
          label = judge(match, reporterAddress);
          judged.put(match.token(), label);
          ours += label == SecretScanningLabel.TRUE_POSITIVE ? 1 : 0;
        }
        verdicts.add(SecretScanningVerdict.of(match, label));
      }
    } catch (RuntimeException e) {
      // Not every leak is on record: GitHub must deliver again (recording is idempotent).
      log.error("Could not record a leak; answering 503 so GitHub delivers again", e);
      metrics.request("rejected_503");
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .json(Map.of("message", "could not record the leak, deliver again"));
      return;
    }
    log.info(
        "Secret-scanning alert: {} tokens, {} distinct, {} of them ours",
        matches.size(),
        judged.size(),
        ours);
    metrics.request("answered");
    metrics.leaksReceived(ours);
    ctx.json(verdicts);
  }

  /** One token: a format check first (no lookup for strangers), then the index, then a record. */
  private SecretScanningLabel judge(SecretScanningMatch match, String reporterAddress) {
    if (!KeyFormat.isWellFormed(match.token())) {
      return SecretScanningLabel.FALSE_POSITIVE;
    }
    String hash = KeyHash.sha256Hex(match.token());
    Optional<IndexedKey> key = index.find(hash);
    if (key.isEmpty()) {
      return SecretScanningLabel.FALSE_POSITIVE;
    }
    boolean first = recorder.record(key.get(), hash, match);
    audit.leakReported(key.get(), hash, match, LeakRecorder.REPORTER, first, reporterAddress);
    log.warn(
        "Key {} of RootKey {}/{} reported leaked at {}",
        key.get().record().getId(),
        key.get().namespace(),
        key.get().rootKeyName(),
        match.url().map(String::strip).orElse("(no url)"));
    // Ours even when it no longer verifies: a real leak, recorded once, nothing else to do.
    return SecretScanningLabel.TRUE_POSITIVE;
  }
}
