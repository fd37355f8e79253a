package dev.rootkey.webhook;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.key.KeyFormat;
import dev.rootkey.key.KeyHash;
import dev.rootkey.webhook.audit.WebhookAudit;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import dev.rootkey.webhook.index.LeakedKeys;
import dev.rootkey.webhook.leak.LeakRecorder;
import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.ReportedToken;
import dev.rootkey.webhook.partner.TokenVerdict;
import dev.rootkey.webhook.partner.VerdictLabel;
import dev.rootkey.webhook.verify.TrustedProxies;
import io.javalin.http.Context;
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
 * The one pipeline every leak report goes through, whichever host sent it: a verdict per token, and
 * for each of our keys a KeyLeak, an audit record and a count labelled by the reporter.
 */
final class LeakReports {

  private static final Logger log = LoggerFactory.getLogger(LeakReports.class);

  private final KeyIndex index;
  private final LeakRecorder recorder;
  private final LeakedKeys leaked;
  private final WebhookMetrics metrics;
  private final WebhookAudit audit;
  private final TrustedProxies proxies;

  LeakReports(
      KeyIndex index,
      LeakRecorder recorder,
      LeakedKeys leaked,
      WebhookMetrics metrics,
      WebhookAudit audit,
      TrustedProxies proxies) {
    this.index = index;
    this.recorder = recorder;
    this.leaked = leaked;
    this.metrics = metrics;
    this.audit = audit;
    this.proxies = proxies;
  }

  /** Whether every RootKey is indexed: before that a miss would wrongly say "not ours". */
  boolean isReady() {
    return index.isReady();
  }

  /** Who sent the request, as the network and the trusted proxies tell. */
  String senderOf(Context ctx) throws UnknownHostException {
    return proxies
        .resolve(
            InetAddress.getByName(ctx.req().getRemoteAddr()),
            Collections.list(ctx.req().getHeaders("X-Forwarded-For")))
        .text();
  }

  /**
   * One verdict per match, in order. A token found in many places comes once per place: it is
   * looked up and recorded once (at the first place), and every element still gets its verdict.
   *
   * @throws RuntimeException when a leak of ours could not be recorded: the reporter must deliver
   *     again (recording is idempotent)
   */
  List<TokenVerdict> judge(List<ReportedToken> matches, Reporter reporter, String sender) {
    List<TokenVerdict> verdicts = new ArrayList<>(matches.size());
    Map<String, VerdictLabel> judged = new HashMap<>();
    int ours = 0;
    for (ReportedToken match : matches) {
      VerdictLabel label = judged.get(match.token());
      if (label == null) {
        label = judge(match, reporter, sender);
        judged.put(match.token(), label);
        ours += label == VerdictLabel.TRUE_POSITIVE ? 1 : 0;
      }
      verdicts.add(TokenVerdict.of(match, label));
    }
    log.info(
        "Leak report from {}: {} tokens, {} distinct, {} of them ours",
        reporter.wireName(),
        matches.size(),
        judged.size(),
        ours);
    metrics.leaksReceived(reporter, ours);
    return verdicts;
  }

  /** One token: a format check first (no lookup for strangers), then the index, then a record. */
  private VerdictLabel judge(ReportedToken match, Reporter reporter, String sender) {
    if (!KeyFormat.isWellFormed(match.token())) {
      return VerdictLabel.FALSE_POSITIVE;
    }
    String hash = KeyHash.sha256Hex(match.token());
    Optional<IndexedKey> key = index.find(hash);
    if (key.isEmpty()) {
      return VerdictLabel.FALSE_POSITIVE;
    }
    boolean first = recorder.record(key.get(), hash, match, reporter);
    // Filed (or found filed): this replica refuses the key now, before its watch shows the KeyLeak.
    leaked.filed(
        key.get().namespace(),
        KeyLeak.nameFor(key.get().record().getId()),
        LeakedKeys.Claim.of(key.get()));
    audit.leakReported(key.get(), hash, match, reporter, first, sender);
    log.warn(
        "Key {} of RootKey {}/{} reported leaked at {} by {}",
        key.get().record().getId(),
        key.get().namespace(),
        key.get().rootKeyName(),
        match.url().map(String::strip).orElse("(no url)"),
        reporter.wireName());
    // Ours even when it no longer verifies: a real leak, recorded once, nothing else to do.
    return VerdictLabel.TRUE_POSITIVE;
  }
}
