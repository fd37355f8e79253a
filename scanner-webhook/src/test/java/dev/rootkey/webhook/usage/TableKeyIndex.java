package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.webhook.index.IndexedKey;
import dev.rootkey.webhook.index.KeyIndex;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded key index over RootKeys the test puts in, handing out the usage table's cells as the
 * informer index does.
 */
final class TableKeyIndex implements KeyIndex {

  private static final KeyGenerator GENERATOR = new KeyGenerator(new SecureRandom());

  final UsageTable table = new UsageTable();
  private final Map<String, RootKey> byHash = new ConcurrentHashMap<>();

  /** A RootKey in namespace payments with one key record of this state; returns its token. */
  String add(String name, KeyState state) {
    GeneratedKey key = GENERATOR.generate("rk");
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .withUid("uid-" + name)
            .build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(new ArrayList<>(List.of("api.*.verify_key")));
    rootKey.setSpec(spec);
    KeyRecord record = new KeyRecord();
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(state);
    RootKeyStatus status = new RootKeyStatus();
    status.setKeys(new ArrayList<>(List.of(record)));
    rootKey.setStatus(status);
    byHash.put(key.hash(), rootKey);
    return key.token();
  }

  /** The key leaves the index, as when its record is dropped from the RootKey's history. */
  void remove(String tokenHash) {
    byHash.remove(tokenHash);
  }

  /** The key's record now has this state, as after the operator's next status write. */
  void setState(String tokenHash, KeyState state) {
    byHash.get(tokenHash).getStatus().getKeys().get(0).setState(state);
  }

  /** The key's record now expires then, as after the operator extended it. */
  void setExpiresAt(String tokenHash, Instant expiresAt) {
    byHash.get(tokenHash).getStatus().getKeys().get(0).setExpiresAt(expiresAt.toString());
  }

  String keyId(String tokenHash) {
    return byHash.get(tokenHash).getStatus().getKeys().get(0).getId();
  }

  @Override
  public Optional<IndexedKey> find(String tokenHash) {
    RootKey rootKey = byHash.get(tokenHash);
    if (rootKey == null) {
      return Optional.empty();
    }
    KeyRecord record = rootKey.getStatus().getKeys().get(0);
    return Optional.of(new IndexedKey(rootKey, record, table.cellFor(tokenHash, rootKey, record)));
  }

  @Override
  public boolean isReady() {
    return true;
  }
}
