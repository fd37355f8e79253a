package dev.rootkey.webhook.index;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;

/** A key record found by its hash, with the RootKey it belongs to. */
public record IndexedKey(RootKey rootKey, KeyRecord record) {

  public String namespace() {
    return rootKey.getMetadata().getNamespace();
  }

  public String rootKeyName() {
    return rootKey.getMetadata().getName();
  }
}
