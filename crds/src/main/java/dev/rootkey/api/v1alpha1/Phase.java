package dev.rootkey.api.v1alpha1;

/** Lifecycle of a RootKey as a whole. */
public enum Phase {
  /** Nothing issued yet. */
  Pending,
  /** A current key is in the Secret and verifies. */
  Active,
  /** Past spec.expiresAt: every key is expired and none will be issued again. */
  Expired,
  /** The operator cannot act on this RootKey; the Ready condition says why. */
  Failed
}
