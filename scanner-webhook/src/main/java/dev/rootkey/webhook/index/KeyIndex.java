package dev.rootkey.webhook.index;

import java.util.Optional;

/** Finds a key record by the SHA-256 of its token, from memory. */
public interface KeyIndex {

  Optional<IndexedKey> find(String tokenHash);

  /** Whether the index has seen every RootKey once, so a miss means "not ours". */
  boolean isReady();
}
