package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import java.time.Duration;
import java.time.Instant;

/**
 * One key record of a RootKey's status as the chaos harness saw it: its hash, state, when it stops
 * verifying (null while it has no end) and why it left the Active state.
 */
record ChaosRecord(String id, String hash, KeyState state, Instant expiresAt, KeyReason reason) {

  static ChaosRecord of(KeyRecord record) {
    return new ChaosRecord(
        record.getId(),
        record.getHash(),
        record.getState(),
        record.getExpiresAt() == null ? null : Instant.parse(record.getExpiresAt()),
        record.getReason());
  }

  /**
   * Whether a key in this state must still verify at {@code at}: Active, or Expiring until its
   * expiry, less {@code margin} (DESIGN.md allows about a second after it).
   */
  boolean shouldVerifyAt(Instant at, Duration margin) {
    return state == KeyState.Active
        || ((state == KeyState.Expiring || state == KeyState.Expired)
            && expiresAt != null
            && expiresAt.isAfter(at.plus(margin)));
  }
}
