package dev.rootkey.operator.issuance;

/** Why a new key is being issued. */
public enum IssueTrigger {
  /** The RootKey had no key yet. */
  Created,
  /** The Secret was deleted, or its key changed by hand. */
  SecretLost
}
