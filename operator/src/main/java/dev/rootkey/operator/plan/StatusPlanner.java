package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.IssuanceInProgress;
import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.key.GeneratedKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pure status transitions of a RootKey's keys: each method returns a new status and leaves its
 * input alone, so the reconciler can compare before and after and write only real changes.
 */
public class StatusPlanner {

  /** Key states that still verify (until their expiresAt, for Expiring ones). */
  public static final Set<KeyState> VERIFYING =
      EnumSet.of(KeyState.Pending, KeyState.Active, KeyState.Expiring);

  private final Clock clock;
  private final StatusConditions conditions;

  public StatusPlanner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.conditions = new StatusConditions(clock);
  }

  /** The conditions, set at this planner's clock. */
  public StatusConditions conditions() {
    return conditions;
  }

  /** The instant decisions are made at, to the millisecond as status records it. */
  public Instant now() {
    return at(clock);
  }

  /** {@code clock}'s instant to the millisecond, as status records it. */
  static Instant at(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The KeyUsage reports about this RootKey (its {@code uid}) folded into the records' lastUsedAt,
   * and the Expiring keys still in use kept valid as the policy allows: see {@link UsageFold} and
   * {@link GraceExtension}.
   */
  public RootKeyStatus withUsage(
      RootKeyStatus status, String uid, List<KeyUsage> usages, RotationPolicy policy) {
    return GraceExtension.extended(UsageFold.folded(status, uid, usages, now()), policy, now());
  }

  /** Timestamps in status: RFC 3339, millisecond precision so grace boundaries are exact. */
  public static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  public static Optional<KeyRecord> pending(RootKeyStatus status) {
    return status.getKeys().stream().filter(k -> k.getState() == KeyState.Pending).findFirst();
  }

  public static Optional<KeyRecord> current(RootKeyStatus status) {
    return status.getKeys().stream()
        .filter(k -> k.getState() == KeyState.Active)
        .filter(k -> k.getId().equals(status.getCurrentKeyId()))
        .findFirst();
  }

  /** Step 1 of issuance: the new key's hash is recorded before the key goes anywhere. */
  public RootKeyStatus withPending(
      RootKeyStatus status, GeneratedKey key, RotationRequest request) {
    RootKeyStatus next = withoutPending(status);
    KeyRecord record = new KeyRecord();
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Pending);
    record.setCreatedAt(format(now()));
    next.getKeys().add(0, record);
    if (request.trigger() == IssueTrigger.Leaked) {
      // A leaked key stops verifying in this very write, before its replacement exists.
      current(next).ifPresent(leaked -> revoke(leaked, KeyReason.Leaked));
    }
    next.setIssuing(
        new IssuanceInProgress(
            key.id(),
            request.trigger(),
            request.gracePeriod(),
            request.requestedBy().orElse(null)));
    request.annotationValue().ifPresent(next::setLastRotateRequest);
    return next;
  }

  /**
   * Once the rotate value in place is handled, the rotate-grace value in place is spent: it applies
   * to no later rotate value (see {@link RotationDecider#graceOverride}). Without the annotation,
   * nothing is spent, and setting it again counts as new.
   */
  public RootKeyStatus graceOverrideSeen(RootKeyStatus status, Map<String, String> annotations) {
    RootKeyStatus next = new RootKeyStatus(status);
    if (RotationDecider.unhandledRequest(annotations, next).isEmpty()) {
      next.setLastRotateGrace(annotations.get(RotationAnnotations.ROTATE_GRACE));
    }
    return next;
  }

  /** A leaked key that is not the current one stops verifying at once, whatever its grace. */
  public RootKeyStatus revokedForLeak(RootKeyStatus status, String keyId) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.getKeys().stream()
        .filter(k -> k.getId().equals(keyId) && VERIFYING.contains(k.getState()))
        .forEach(k -> revoke(k, KeyReason.Leaked));
    return next;
  }

  private void revoke(KeyRecord record, KeyReason reason) {
    record.setState(KeyState.Revoked);
    record.setReason(reason);
    record.setRevokedAt(format(now()));
  }

  /** Forgets a pending key whose Secret write never happened: nobody holds it, nothing verifies. */
  public RootKeyStatus withoutPending(RootKeyStatus status) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.getKeys().removeIf(k -> k.getState() == KeyState.Pending);
    next.setIssuing(null);
    return next;
  }

  /** The issuance a crash interrupted, to be started again the same way. */
  public static Optional<RotationRequest> interrupted(RootKeyStatus status) {
    return Optional.ofNullable(status.getIssuing())
        .map(
            i ->
                new RotationRequest(
                    i.getTrigger(),
                    i.getGracePeriod(),
                    Optional.empty(),
                    Optional.ofNullable(i.getRequestedBy())));
  }

  /**
   * Step 3 of issuance: the key now in the Secret becomes current. The key it replaces stays valid
   * for the grace period the issuance was started with (never past the RootKey's own expiry), or is
   * revoked at once when that grace is zero.
   *
   * @param keep ids of records to keep whatever the history limit (see {@link #trimmed})
   */
  public RootKeyStatus activated(
      RootKeyStatus status,
      String pendingId,
      RotationPolicy policy,
      long generation,
      Set<String> keep) {
    RootKeyStatus next = new RootKeyStatus(status);
    // The key replaced now outlasts the limit in this write: its rotation is reported from it.
    Set<String> kept = new HashSet<>(keep);
    Optional.ofNullable(status.getCurrentKeyId()).ifPresent(kept::add);
    IssuanceInProgress issuing =
        Objects.requireNonNullElseGet(
            next.getIssuing(),
            () ->
                new IssuanceInProgress(
                    pendingId, IssueTrigger.SecretLost, policy.gracePeriod(), null));
    Instant now = now();
    Duration grace = RotationPolicy.parseDuration(issuing.getGracePeriod());
    Instant graceEnd = now.plus(grace);
    if (policy.expiresAt().isPresent() && policy.expiresAt().get().isBefore(graceEnd)) {
      graceEnd = policy.expiresAt().get();
    }
    KeyReason reason = issuing.getTrigger().replacedReason();
    for (KeyRecord record : next.getKeys()) {
      if (record.getId().equals(pendingId)) {
        record.setState(KeyState.Active);
      } else if (record.getState() == KeyState.Active) {
        kept.add(record.getId());
        record.setReason(reason);
        // A newer key replaced it: maxGracePeriod counts from here.
        record.setReplacedAt(format(now));
        if (graceEnd.isAfter(now)) {
          record.setState(KeyState.Expiring);
          record.setExpiresAt(format(graceEnd));
          // Used just before its rotation, it may already be in use past its grace period.
          GraceExtension.extendedEnd(record, policy, now)
              .ifPresent(end -> record.setExpiresAt(format(end)));
        } else {
          record.setState(KeyState.Revoked);
          record.setRevokedAt(format(now));
        }
      }
    }
    KeyRecord active =
        next.getKeys().stream().filter(k -> k.getId().equals(pendingId)).findFirst().orElseThrow();
    next.setCurrentKeyId(active.getId());
    next.setCurrentKeyStart(active.getStart());
    next.setLastRotationAt(format(now));
    next.setIssuing(null);
    return conditions.previousKeyInUse(
        conditions.ready(
            trimmed(RotationSchedule.scheduled(next, policy), policy.historyLimit(), kept),
            generation),
        policy,
        generation);
  }

  /** Expiring keys whose grace period has ended become Expired. */
  public RootKeyStatus expireDue(RootKeyStatus status) {
    RootKeyStatus next = new RootKeyStatus(status);
    Instant now = now();
    for (KeyRecord record : next.getKeys()) {
      if (record.getState() == KeyState.Expiring
          && !now.isBefore(Instant.parse(record.getExpiresAt()))) {
        record.setState(KeyState.Expired);
      }
    }
    return next;
  }

  /** The RootKey reached spec.expiresAt: every key is Expired, for good. */
  public RootKeyStatus expired(RootKeyStatus status, RotationPolicy policy, long generation) {
    RootKeyStatus next = new RootKeyStatus(status);
    Instant end = policy.expiresAt().orElseThrow();
    for (KeyRecord record : next.getKeys()) {
      if (VERIFYING.contains(record.getState())) {
        if (record.getState() != KeyState.Expiring) {
          record.setReason(KeyReason.Expired);
        }
        record.setState(KeyState.Expired);
        record.setExpiresAt(format(end));
      }
    }
    next.setPhase(Phase.Expired);
    next.setNextRotationAt(null);
    next.setIssuing(null);
    next.setObservedGeneration(generation);
    String message = "RootKey expired at " + format(end) + "; create a new RootKey to get a key";
    conditions.set(next, StatusConditions.READY, "False", "Expired", message, generation);
    next = conditions.previousKeyInUse(next, policy, generation);
    return conditions.set(
        next, StatusConditions.ROTATABLE, "False", "Expired", message, generation);
  }

  /** A rotation request that cannot be honoured: remembered, so it is refused only once. */
  public RootKeyStatus refused(RootKeyStatus status, String requestValue) {
    RootKeyStatus next = new RootKeyStatus(status);
    next.setLastRotateRequest(requestValue);
    return next;
  }

  /**
   * Keeps at most {@code limit} records, dropping the oldest first, but never one that still
   * matters: one that verifies, or one {@code keep} names (a key a KeyLeak names, which must go on
   * answering REVOKED). The limit is a soft bound on the records that no longer matter.
   */
  public RootKeyStatus trimmed(RootKeyStatus status, int limit, Set<String> keep) {
    RootKeyStatus next = new RootKeyStatus(status);
    List<KeyRecord> keys = new ArrayList<>(next.getKeys());
    for (int i = keys.size() - 1; i >= 0 && keys.size() > limit; i--) {
      KeyRecord record = keys.get(i);
      if (!VERIFYING.contains(record.getState()) && !keep.contains(record.getId())) {
        keys.remove(i);
      }
    }
    next.setKeys(keys);
    return next;
  }
}
