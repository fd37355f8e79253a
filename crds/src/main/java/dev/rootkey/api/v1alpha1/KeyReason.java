package dev.rootkey.api.v1alpha1;

/** Why a key record left the Active state. */
public enum KeyReason {
  Rotated,
  Leaked,
  Expired,
  SecretLost,
  Manual
}
