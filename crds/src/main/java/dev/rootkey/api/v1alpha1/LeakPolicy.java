package dev.rootkey.api.v1alpha1;

/** What to do when one of a RootKey's keys is reported leaked. */
public enum LeakPolicy {
  /** Revoke the key at once, with no grace, and issue a new one if it was current. */
  Revoke,
  /** Only record and announce the leak. */
  Notify
}
