package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every usage cell of this replica by token hash: the index hands a key's cell to each lookup, the
 * reporter walks them all. A cell outlives the RootKey objects the informer replaces at each status
 * write, as the hash and the record's identity do not change.
 */
public final class UsageTable {

  private final Map<String, UsageCell> byHash = new ConcurrentHashMap<>();

  /**
   * The cell of this record, made at its first lookup; a lock-free read from then on, so the hot
   * path allocates nothing here.
   */
  public UsageCell cellFor(String tokenHash, RootKey rootKey, KeyRecord record) {
    String uid = rootKey.getMetadata().getUid();
    UsageCell cell = byHash.get(tokenHash);
    if (cell != null && cell.isFor(uid, record.getId())) {
      return cell;
    }
    return byHash.compute(
        tokenHash,
        (hash, old) ->
            old != null && old.isFor(uid, record.getId())
                ? old
                : new UsageCell(RootKeyRef.of(rootKey), record.getId(), hash));
  }

  Collection<UsageCell> cells() {
    return Collections.unmodifiableCollection(byHash.values());
  }

  /** Forgets this cell, unless another took its hash meanwhile. */
  void drop(UsageCell cell) {
    byHash.remove(cell.tokenHash(), cell);
  }

  int size() {
    return byHash.size();
  }
}
