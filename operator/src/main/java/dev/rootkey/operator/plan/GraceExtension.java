package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The grace that follows use (spec.rotation.maxGracePeriod): a replaced key that is still in use
 * stays valid up to idleTimeout after its last use, never past maxGracePeriod after its rotation
 * nor past spec.expiresAt, and never for less than its grace period. Pure: each method returns a
 * new status or a verdict.
 */
public final class GraceExtension {

  /** Why a replaced key retired; the values are those of the audit record's {@code endedBy}. */
  public enum Retirement {
    /** Its grace period ended; use never extended it. */
    GRACE_PERIOD("gracePeriod"),
    /** Extended while in use, it retired idleTimeout after its last use. */
    IDLE("idle"),
    /** In use to the end, it reached maxGracePeriod after its rotation. */
    MAX_GRACE_PERIOD("maxGracePeriod"),
    /** The RootKey itself expired (spec.expiresAt). */
    ROOT_KEY_EXPIRED("rootKeyExpired");

    private final String value;

    Retirement(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  private GraceExtension() {}

  /**
   * {@code status} with each Expiring key still in use kept valid longer, as far as the policy
   * allows. A key that no longer verifies at {@code now} is never revived, one replaced before
   * replacedAt was recorded is never extended, and no expiry is ever brought forward.
   */
  public static RootKeyStatus extended(RootKeyStatus status, RotationPolicy policy, Instant now) {
    RootKeyStatus next = new RootKeyStatus(status);
    for (KeyRecord record : next.getKeys()) {
      if (record.getState() == KeyState.Expiring) {
        extendedEnd(record, policy, now)
            .ifPresent(end -> record.setExpiresAt(StatusPlanner.format(end)));
      }
    }
    return next;
  }

  /** The later expiry use earns an Expiring {@code record} at {@code now}, if it earns one. */
  static Optional<Instant> extendedEnd(KeyRecord record, RotationPolicy policy, Instant now) {
    Optional<Instant> expiresAt = UsageFold.instant(record.getExpiresAt());
    Optional<Instant> lastUsed = lastUse(record, now);
    Optional<Instant> cap = cap(record, policy);
    if (expiresAt.isEmpty() || lastUsed.isEmpty() || cap.isEmpty()) {
      return Optional.empty();
    }
    if (!now.isBefore(expiresAt.get()) || !lastUsed.get().isBefore(expiresAt.get())) {
      // Expired already (a late report never revives a key), or a use it cannot have had.
      return Optional.empty();
    }
    Instant end = ruleEnd(lastUsed.get(), policy, cap.get());
    return end.isAfter(expiresAt.get()) ? Optional.of(end) : Optional.empty();
  }

  /**
   * The latest a replaced key may stay valid while in use: maxGracePeriod after its rotation, and
   * never past spec.expiresAt; empty without maxGracePeriod or a recorded rotation time.
   */
  public static Optional<Instant> cap(KeyRecord record, RotationPolicy policy) {
    Optional<Duration> maxGrace = policy.maxGrace();
    Optional<Instant> replacedAt = UsageFold.instant(record.getReplacedAt());
    if (maxGrace.isEmpty() || replacedAt.isEmpty()) {
      return Optional.empty();
    }
    Instant cap = replacedAt.get().plus(maxGrace.get());
    return Optional.of(policy.expiresAt().map(end -> earliest(end, cap)).orElse(cap));
  }

  /**
   * Whether use, not the grace period, set the Expiring {@code record}'s expiry: it equals what the
   * extension rule gives for its last use, and lies past the grace period. Holds from the first
   * extension to the key's end, as every later fold re-applies the rule to a later use.
   *
   * <p>Past the grace period, because where the grace period alone reaches the cap ({@code
   * maxGracePeriod} equal to {@code gracePeriod}, or {@code spec.expiresAt} within the grace
   * period) a key in use also ends at the cap, though use extended nothing. The grace period is the
   * spec's: after a one-off {@code rotate-grace} shorter than it, use that extends the key no
   * further than the spec's grace period would have is not told.
   */
  public static boolean extendedByUse(KeyRecord record, RotationPolicy policy) {
    Optional<Instant> expiresAt = UsageFold.instant(record.getExpiresAt());
    Optional<Instant> lastUsed = UsageFold.instant(record.getLastUsedAt());
    Optional<Instant> cap = cap(record, policy);
    if (record.getState() != KeyState.Expiring
        || expiresAt.isEmpty()
        || lastUsed.isEmpty()
        || cap.isEmpty()) {
      return false;
    }
    // A cap means replacedAt was recorded.
    Instant graceEnd =
        UsageFold.instant(record.getReplacedAt())
            .orElseThrow()
            .plus(RotationPolicy.parseDuration(policy.gracePeriod()));
    return expiresAt.get().equals(ruleEnd(lastUsed.get(), policy, cap.get()))
        && expiresAt.get().isAfter(graceEnd);
  }

  /**
   * Why {@code record}, as it was last written while Expiring, retires at its expiresAt: planned on
   * that record, not on uses reported since, which came too late to change its end.
   */
  public static Retirement retirement(KeyRecord record, RotationPolicy policy) {
    if (!extendedByUse(record, policy)) {
      return Retirement.GRACE_PERIOD;
    }
    Instant expiresAt = Instant.parse(record.getExpiresAt());
    if (policy.expiresAt().filter(expiresAt::equals).isPresent()) {
      return Retirement.ROOT_KEY_EXPIRED;
    }
    Optional<Instant> maxGraceEnd =
        UsageFold.instant(record.getReplacedAt()).flatMap(r -> policy.maxGrace().map(r::plus));
    return maxGraceEnd.filter(expiresAt::equals).isPresent()
        ? Retirement.MAX_GRACE_PERIOD
        : Retirement.IDLE;
  }

  /** idleTimeout after the last use, at most {@code cap}: to the millisecond, as status has it. */
  private static Instant ruleEnd(Instant lastUsed, RotationPolicy policy, Instant cap) {
    return earliest(lastUsed.plus(policy.idle()), cap).truncatedTo(ChronoUnit.MILLIS);
  }

  /** The record's last use, never later than {@code now}. */
  static Optional<Instant> lastUse(KeyRecord record, Instant now) {
    return UsageFold.instant(record.getLastUsedAt()).map(used -> earliest(used, now));
  }

  private static Instant earliest(Instant a, Instant b) {
    return Stream.of(a, b).min(Instant::compareTo).orElseThrow();
  }
}
