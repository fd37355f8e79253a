package dev.rootkey.webhook.audit;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.audit.AuditRecord.Actor;
import dev.rootkey.audit.AuditRecord.RootKeyRef;
import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.audit.AuditTrail;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.leak.Reporter;
import dev.rootkey.webhook.partner.ReportedToken;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The audit records the scanner-webhook writes: leaks GitHub and GitLab report, and what people do
 * to RootKeys as the API server tells its admission webhook. Ids and hash prefixes only, never a
 * key.
 */
public final class WebhookAudit {

  private final AuditTrail trail;
  private final Source source;
  private final Clock clock;

  public WebhookAudit(AuditTrail trail, Source source, Clock clock) {
    this.trail = trail;
    this.source = source;
    this.clock = clock;
  }

  /**
   * A host reported one of our keys.
   *
   * @param firstReport false when the key was reported before (a redelivery or another place)
   * @param remoteAddress who sent the report, as the network (and trusted proxies) tell
   */
  public void leakReported(
      IndexedKey key,
      String tokenHash,
      ReportedToken match,
      Reporter reporter,
      boolean firstReport,
      String remoteAddress) {
    trail.record(
        AuditRecord.builder(
                AuditOperation.LEAK_REPORTED,
                clock.instant(),
                new RootKeyRef(key.namespace(), key.rootKeyName()))
            .key(key.record().getId(), tokenHash)
            .actor(new Actor(reporter.host(), reporter.wireName(), null, List.of()))
            .source(source.withRemoteAddress(remoteAddress))
            .detail("url", match.url().map(String::strip).orElse(null))
            .detail("source", match.source().orElse(null))
            .detail("type", match.type())
            .detail("firstReport", firstReport)
            .build());
  }

  /**
   * A change to a RootKey that the API server is about to make, as its admission request tells. The
   * record names the RootKey's current key, if it has one: the key an edit affects, a delete ends,
   * or a refused delete keeps.
   *
   * @param remoteAddress who sent the admission request: the API server's address, unless someone
   *     who could reach the admission port made it up
   * @param fields for an edit, the fields it changes
   */
  public void rootKeyChange(
      AuditOperation operation,
      RootKey rootKey,
      Actor actor,
      String remoteAddress,
      String requestUid,
      List<String> fields,
      String reason) {
    AuditRecord.Builder record =
        AuditRecord.builder(
                operation,
                clock.instant(),
                new RootKeyRef(
                    rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName()))
            .actor(actor)
            .source(source.withRemoteAddress(remoteAddress).withRequestUid(requestUid))
            .detail("fields", fields.isEmpty() ? null : fields)
            .detail("reason", reason);
    currentKey(rootKey).ifPresent(key -> record.key(key.getId(), key.getHash()));
    trail.record(record.build());
  }

  private static Optional<KeyRecord> currentKey(RootKey rootKey) {
    RootKeyStatus status = rootKey.getStatus();
    if (status == null || status.getCurrentKeyId() == null) {
      return Optional.empty();
    }
    return status.getKeys().stream()
        .filter(k -> status.getCurrentKeyId().equals(k.getId()))
        .findFirst();
  }
}
