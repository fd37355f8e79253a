package dev.rootkey.webhook.verify;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A key index over RootKeys the test puts in, counting lookups. */
final class TestingKeyIndex implements KeyIndex {

  private final Map<String, IndexedKey> byHash = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile boolean ready = true;

  /** Indexes every record of the RootKey, replacing what an earlier version indexed. */
  void put(RootKey rootKey) {
    List<KeyRecord> records = rootKey.getStatus().getKeys();
    for (KeyRecord record : records) {
      byHash.put(record.getHash(), new IndexedKey(rootKey, record));
    }
  }

  void setReady(boolean ready) {
    this.ready = ready;
  }

  int lookups() {
    return lookups.get();
  }

  @Override
  public Optional<IndexedKey> find(String tokenHash) {
    lookups.incrementAndGet();
    return Optional.ofNullable(byHash.get(tokenHash));
  }

  @Override
  public boolean isReady() {
    return ready;
  }
}
