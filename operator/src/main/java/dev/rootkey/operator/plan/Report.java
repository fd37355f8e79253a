package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Something a plan did that people and the log pipeline are told of; ids and hashes, no key. */
public sealed interface Report {

  /** A key became Active: the first one, or one that replaced {@code replaced}. */
  record Activated(
      KeyRecord key, Optional<KeyRecord> replaced, RotationRequest request, String secretName)
      implements Report {}

  /** A spent rotate-grace value was left on the RootKey: the spec's {@code grace} is used. */
  record GraceOverrideIgnored(String rotateValue, String spent, String grace) implements Report {}

  /** The Secret no longer held the current key: a replacement is being issued. */
  record SecretLost(String secretName, String lostKeyId, String newKeyId) implements Report {}

  /**
   * A replaced key still in use is kept valid past its grace period, up to {@code idleTimeout}
   * after its last use and never after {@code latest}: told once per key, when use first sets its
   * expiry.
   */
  record GracePeriodExtended(KeyRecord key, String idleTimeout, Instant latest) implements Report {}

  /**
   * A replaced key no longer verifies: its grace period is over, or, extended while in use, it went
   * unused for {@code idleTimeout} or reached {@code maxGracePeriod}.
   */
  record GraceEnded(
      KeyRecord key,
      GraceExtension.Retirement endedBy,
      String idleTimeout,
      Optional<String> maxGracePeriod)
      implements Report {

    /** Not extended: its grace period ended. */
    public GraceEnded(KeyRecord key) {
      this(key, GraceExtension.Retirement.GRACE_PERIOD, "", Optional.empty());
    }
  }

  /** The RootKey reached spec.expiresAt: {@code keys} were still verifying and no longer do. */
  record RootKeyExpired(List<KeyRecord> keys, Instant expiresAt) implements Report {}

  /** A rotation was asked of an expired RootKey. */
  record RotationRefused(String requestValue, Optional<String> requestedBy, Instant expiredAt)
      implements Report {}

  /** A delete reached a protected RootKey: the finalizer holds it back. */
  record DeleteRefused() implements Report {}

  /** The operator cannot act on the RootKey until someone changes something. */
  record Failed(String reason, String message) implements Report {}

  /** The RootKey is in phase Failed (the metric, told whether or not that is news). */
  record InFailedPhase() implements Report {}

  /** The RootKey is in phase Expired (the metric). */
  record InExpiredPhase() implements Report {}

  /** The RootKey is Active: when it expires and when it rotates next (the metrics). */
  record Scheduled(Optional<Instant> expiresAt, Optional<Instant> nextRotationAt)
      implements Report {}
}
