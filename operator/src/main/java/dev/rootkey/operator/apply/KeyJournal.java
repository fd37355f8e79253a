package dev.rootkey.operator.apply;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.LeakAction;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.audit.AuditOperation;
import dev.rootkey.audit.AuditRecord;
import dev.rootkey.audit.AuditRecord.Actor;
import dev.rootkey.audit.AuditRecord.RootKeyRef;
import dev.rootkey.audit.AuditRecord.Source;
import dev.rootkey.audit.AuditTrail;
import dev.rootkey.operator.kube.KeyEvents;
import dev.rootkey.operator.plan.GraceExtension;
import dev.rootkey.operator.plan.Report;
import dev.rootkey.operator.plan.RotationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tells of each key operation the operator performs, once: a Kubernetes Event for people reading
 * {@code kubectl describe}, and an audit record for the log pipeline. Ids and hash prefixes only,
 * never a key.
 */
public final class KeyJournal {

  /** The operator, when it acts on its own (a schedule, an expiry, a leak report). */
  public static final Actor OPERATOR = Actor.controller("rootkey-operator");

  private final KeyEvents events;
  private final AuditTrail audit;
  private final Source source;
  private final Clock clock;

  public KeyJournal(KeyEvents events, AuditTrail audit, Source source, Clock clock) {
    this.events = events;
    this.audit = audit;
    this.source = source;
    this.clock = clock;
  }

  /** The first key of a RootKey is in its Secret. */
  public void issued(RootKey rootKey, KeyRecord key, String secretName) {
    events.normal(
        rootKey,
        "KeyIssued",
        "Key " + key.getId() + " (" + key.getStart() + "...) issued into Secret " + secretName);
    audit.record(
        record(AuditOperation.KEY_ISSUED, rootKey, key)
            .actor(OPERATOR)
            .detail("secret", secretName)
            .build());
  }

  /**
   * A new key replaced {@code old}, which is now Expiring or, with no grace, Revoked; a person who
   * asked for the rotation is its actor.
   */
  public void rotated(
      RootKey rootKey, KeyRecord key, KeyRecord old, RotationRequest request, String secretName) {
    boolean revoked = old.getState() != KeyState.Expiring;
    events.normal(
        rootKey,
        "KeyRotated",
        "Key "
            + key.getId()
            + " ("
            + key.getStart()
            + "...) replaced "
            + old.getId()
            + " in Secret "
            + secretName
            + " (trigger "
            + request.trigger()
            + request.requestedBy().map(who -> ", requested by " + who).orElse("")
            + ", grace "
            + request.gracePeriod()
            + "): the old key is "
            + (revoked ? "revoked" : "valid until " + old.getExpiresAt()));
    Actor actor = request.requestedBy().map(Actor::kubernetes).orElse(OPERATOR);
    audit.record(
        record(AuditOperation.KEY_ROTATED, rootKey, key)
            .actor(actor)
            .detail("trigger", request.trigger().name())
            .detail("gracePeriod", request.gracePeriod())
            .detail("replacedKeyId", old.getId())
            .detail("replacedKeyValidUntil", revoked ? null : old.getExpiresAt())
            .detail("secret", secretName)
            .build());
    // A leaked key's revocation is recorded when its KeyLeak is answered.
    if (revoked && request.trigger() != IssueTrigger.Leaked) {
      audit.record(
          record(AuditOperation.KEY_REVOKED, rootKey, old)
              .actor(actor)
              .detail("reason", old.getReason() == null ? null : old.getReason().name())
              .detail("replacedBy", key.getId())
              .build());
    }
  }

  /**
   * A rotate-grace value already spent (used by an earlier rotation, or in place before this rotate
   * value) was left on the RootKey: this rotation uses {@code grace} from the spec instead.
   */
  public void graceOverrideIgnored(
      RootKey rootKey, String rotateValue, String spent, String grace) {
    events.warning(
        rootKey,
        "RotateGraceIgnored",
        "rootkey.dev/rotate-grace \""
            + spent
            + "\" was not set with rotate value \""
            + rotateValue
            + "\" (an earlier rotation used it, or it was already there): rotating with the spec's"
            + " grace "
            + grace
            + ". Set rootkey.dev/rotate-grace in the same change as a new rootkey.dev/rotate"
            + " value to override one rotation");
  }

  /** The Secret no longer holds the current key: a replacement is being issued. */
  public void secretLost(RootKey rootKey, String secretName, String lostKeyId, String newKeyId) {
    events.warning(
        rootKey,
        "SecretLost",
        "Secret " + secretName + " no longer holds key " + lostKeyId + "; issuing " + newKeyId);
  }

  /**
   * A replaced key still in use stays valid past its grace period: no audit record, as no key
   * changed state; its expiry's record says how it ended.
   */
  public void gracePeriodExtended(
      RootKey rootKey, KeyRecord key, String idleTimeout, Instant latest) {
    events.normal(
        rootKey,
        "GracePeriodExtended",
        "Key "
            + key.getId()
            + " ("
            + key.getStart()
            + "...) is still in use (last used at "
            + key.getLastUsedAt()
            + "): valid until "
            + key.getExpiresAt()
            + " and longer while used within idleTimeout "
            + idleTimeout
            + ", until "
            + latest
            + " at the latest");
  }

  /**
   * A replaced key's grace period is over: the audit record's {@code endedBy} says whether it was
   * its grace period, or, extended while in use, idleness or maxGracePeriod.
   */
  public void graceEnded(RootKey rootKey, Report.GraceEnded ended) {
    KeyRecord key = ended.key();
    events.normal(
        rootKey,
        "KeyExpired",
        "Key " + key.getId() + " (" + key.getStart() + "...) expired: " + why(ended));
    audit.record(
        record(AuditOperation.KEY_EXPIRED, rootKey, key)
            .actor(OPERATOR)
            .detail("reason", "GracePeriodOver")
            .detail("endedBy", ended.endedBy().value())
            .detail("replacedAt", key.getReplacedAt())
            .detail("lastUsedAt", key.getLastUsedAt())
            .build());
  }

  private static String why(Report.GraceEnded ended) {
    KeyRecord key = ended.key();
    String lastUse =
        key.getLastUsedAt() == null ? "" : " (last used at " + key.getLastUsedAt() + ")";
    return switch (ended.endedBy()) {
      case GRACE_PERIOD -> "grace period over" + lastUse;
      case IDLE ->
          "no longer in use: kept past its grace period while used, then not used within"
              + " idleTimeout "
              + ended.idleTimeout()
              + lastUse;
      case MAX_GRACE_PERIOD ->
          "still in use, but maxGracePeriod "
              + ended.maxGracePeriod().orElse("")
              + " after its rotation"
              + (key.getReplacedAt() == null ? "" : " at " + key.getReplacedAt())
              + " is over"
              + lastUse;
      case ROOT_KEY_EXPIRED -> "the RootKey expired" + lastUse;
    };
  }

  /** The RootKey reached spec.expiresAt: {@code keys} were still verifying and no longer do. */
  public void rootKeyExpired(RootKey rootKey, List<KeyRecord> keys, Instant expiresAt) {
    events.normal(
        rootKey,
        "RootKeyExpired",
        "RootKey expired at " + expiresAt + ": every key is Expired and none will be issued again");
    for (KeyRecord key : keys) {
      audit.record(
          record(AuditOperation.KEY_EXPIRED, rootKey, key)
              .actor(OPERATOR)
              .detail("reason", "RootKeyExpired")
              .detail("rootKeyExpiresAt", expiresAt.toString())
              .detail("endedBy", GraceExtension.Retirement.ROOT_KEY_EXPIRED.value())
              .build());
    }
  }

  /** A rotation was asked of an expired RootKey. */
  public void rotationRefused(
      RootKey rootKey, String requestValue, Optional<String> requestedBy, Instant expiredAt) {
    events.warning(
        rootKey,
        "RotationRefused",
        "Rotation request \""
            + requestValue
            + "\" refused: the RootKey expired at "
            + expiredAt
            + "; create a new RootKey instead");
    audit.record(
        record(AuditOperation.ROTATION_REFUSED, rootKey, null)
            .actor(requestedBy.map(Actor::kubernetes).orElse(OPERATOR))
            .detail("rotateRequest", requestValue)
            .detail("reason", "RootKeyExpired")
            .detail("rootKeyExpiresAt", expiredAt.toString())
            .build());
  }

  /**
   * A delete reached a protected RootKey (the admission webhook, which refuses and records it
   * itself, was not there to stop it): the finalizer holds it back.
   */
  public void deleteRefused(RootKey rootKey) {
    events.warning(
        rootKey,
        "DeleteRefused",
        "Delete refused by spec.deleteProtection: the RootKey and its Secret stay until it is"
            + " set to false");
    audit.record(
        record(AuditOperation.ROOTKEY_DELETE_REFUSED, rootKey, null)
            .actor(OPERATOR)
            .detail("reason", "DeleteProtection")
            .detail("heldBy", "finalizer")
            .build());
  }

  /** A KeyLeak was answered; a revocation is a key operation of its own. */
  public void leakAnswered(RootKey rootKey, KeyLeak leak, KeyLeakStatus answer, String message) {
    events.warning(rootKey, "KeyLeaked", message);
    if (answer.getAction() == LeakAction.Revoked) {
      var spec = leak.getSpec();
      audit.record(
          AuditRecord.builder(AuditOperation.KEY_REVOKED, clock.instant(), ref(rootKey))
              .key(spec.getKeyId(), spec.getTokenHash())
              .actor(OPERATOR)
              .source(source)
              .detail("reason", "Leaked")
              .detail("keyLeak", leak.getMetadata().getName())
              .detail("reporter", spec.getReporter())
              .detail("url", spec.getUrl() == null ? null : spec.getUrl().strip())
              .detail("replacedBy", answer.getReplacementKeyId())
              .build());
    }
  }

  /** Some restart targets do not exist: they were not rolled. */
  public void restartTargetsMissing(RootKey rootKey, List<String> missing) {
    events.warning(
        rootKey,
        "RestartTargetMissing",
        "Not found, so not restarted: " + String.join(", ", missing));
  }

  /** The operator cannot act on this RootKey until someone changes something. */
  public void failed(RootKey rootKey, String reason, String message) {
    events.warning(rootKey, reason, message);
  }

  private AuditRecord.Builder record(AuditOperation operation, RootKey rootKey, KeyRecord key) {
    AuditRecord.Builder builder =
        AuditRecord.builder(operation, clock.instant(), ref(rootKey)).source(source);
    return key == null ? builder : builder.key(key.getId(), key.getHash());
  }

  private static RootKeyRef ref(RootKey rootKey) {
    return new RootKeyRef(rootKey.getMetadata().getNamespace(), rootKey.getMetadata().getName());
  }
}
