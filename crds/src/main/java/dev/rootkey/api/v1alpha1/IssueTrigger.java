package dev.rootkey.api.v1alpha1;

/** Why a new key is issued. */
public enum IssueTrigger {
  /** The RootKey had no key yet. */
  Created,
  /** spec.rotation.interval elapsed. */
  Scheduled,
  /** A new value of the rootkey.dev/rotate annotation. */
  Manual,
  /** The Secret was deleted, or its key changed by hand. */
  SecretLost,
  /** The current key was reported leaked. */
  Leaked;

  /** The reason recorded on the key this issuance replaces. */
  public KeyReason replacedReason() {
    return switch (this) {
      case Created, Scheduled -> KeyReason.Rotated;
      case Manual -> KeyReason.Manual;
      case SecretLost -> KeyReason.SecretLost;
      case Leaked -> KeyReason.Leaked;
    };
  }
}
