package dev.rootkey.webhook.index;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.webhook.usage.RootKeyRef;
import dev.rootkey.webhook.usage.UsageCell;

/**
 * A key record found by its hash, with the RootKey it belongs to and the cell in which this replica
 * notes when the key was last presented.
 */
public record IndexedKey(RootKey rootKey, KeyRecord record, UsageCell usage) {

  /** A key whose uses no reporter reads (tests, and indexes without a usage table). */
  public IndexedKey(RootKey rootKey, KeyRecord record) {
    this(
        rootKey,
        record,
        UsageCell.unreported(RootKeyRef.of(rootKey), record.getId(), record.getHash()));
  }

  public String namespace() {
    return rootKey.getMetadata().getNamespace();
  }

  public String rootKeyName() {
    return rootKey.getMetadata().getName();
  }
}
