package dev.rootkey.api.v1alpha1;

/** What the operator did about a leak. */
public enum LeakAction {
  /** The key was revoked at once (and replaced, if it was the current key). */
  Revoked,
  /** leakPolicy Notify: recorded and announced, the key left as it was. */
  Notified,
  /** The key no longer verified (revoked or expired already): nothing to do. */
  AlreadyInvalid,
  /** The RootKey or the key record no longer exists. */
  KeyNotFound
}
