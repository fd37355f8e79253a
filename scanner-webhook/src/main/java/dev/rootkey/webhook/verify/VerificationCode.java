package dev.rootkey.webhook.verify;

/**
 * The verdict of one verification, checked in declaration order after VALID: the first that applies
 * is the answer.
 */
public enum VerificationCode {
  /** Every check passed. */
  VALID,
  /** Not a well-formed token, wrong checksum, or no record has its hash. */
  NOT_FOUND,
  /** The key was revoked before its time: leaked, or revoked by hand. */
  REVOKED,
  /** Past the key's expiresAt (its grace period is over) or past the RootKey's spec.expiresAt. */
  EXPIRED,
  /** The caller's address is outside the RootKey's spec.allowedCidrs. */
  FORBIDDEN,
  /** A requested permission is not granted by the RootKey's spec.permissions. */
  INSUFFICIENT_PERMISSIONS
}
