package dev.rootkey.api.v1alpha1;

/**
 * Lifecycle of one key record. Pending and Active keys verify; so do Expiring ones until expiresAt.
 */
public enum KeyState {
  /** Hash recorded, Secret being written: recorded first so a delivered key always verifies. */
  Pending,
  /** The current key, in the Secret. */
  Active,
  /** Replaced, still valid until its expiresAt (the grace period). */
  Expiring,
  /** Invalidated before its time (leak, lost Secret, manual). */
  Revoked,
  /** Reached its expiresAt. */
  Expired
}
