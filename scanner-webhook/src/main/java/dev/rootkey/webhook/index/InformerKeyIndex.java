package dev.rootkey.webhook.index;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.Unreadable;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.usage.UsageTable;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyIndex} over RootKey informers: the informer's own index maps every sealed record's hash
 * to its RootKey, so a lookup is a hash-map access, with no API call per token.
 *
 * <p>Only records carrying the operator's {@link RecordSeal} for their RootKey are indexed: a
 * record copied into another RootKey's status by whoever may write it is not found, so it can
 * neither answer for the key nor receive its leak. The seals are checked once per informer event,
 * when the index is built, never per lookup.
 *
 * <p>Each key found carries its cell of the {@link UsageTable}, so that a verification notes its
 * use without a further lookup of its own.
 */
public final class InformerKeyIndex implements KeyIndex, AutoCloseable {

  private static final String BY_HASH = "keyHash";
  private static final Logger log = LoggerFactory.getLogger(InformerKeyIndex.class);

  private final List<SharedIndexInformer<RootKey>> informers;
  private final RecordSeal seal;
  private final UsageTable usage;

  private InformerKeyIndex(
      List<SharedIndexInformer<RootKey>> informers, RecordSeal seal, UsageTable usage) {
    this.informers = informers;
    this.seal = seal;
    this.usage = usage;
  }

  /**
   * Starts watching RootKeys in these namespaces (empty: all) without waiting for the sync,
   * indexing the records {@code seal} verifies and handing out their cells of {@code usage}.
   */
  public static InformerKeyIndex start(
      KubernetesClient client, Set<String> namespaces, RecordSeal seal, UsageTable usage) {
    List<SharedIndexInformer<RootKey>> informers = new ArrayList<>();
    if (namespaces.isEmpty()) {
      informers.add(client.resources(RootKey.class).inAnyNamespace().runnableInformer(0));
    } else {
      for (String namespace : namespaces) {
        informers.add(client.resources(RootKey.class).inNamespace(namespace).runnableInformer(0));
      }
    }
    for (SharedIndexInformer<RootKey> informer : informers) {
      informer.addIndexers(Map.of(BY_HASH, rootKey -> sealedHashes(rootKey, seal)));
      informer.start();
    }
    return new InformerKeyIndex(informers, seal, usage);
  }

  private static List<String> sealedHashes(RootKey rootKey, RecordSeal seal) {
    Optional<String> problem = Unreadable.problemOf(rootKey);
    if (problem.isPresent()) {
      // Still indexed, so that a leak of one of its keys is recorded and revoked; verification
      // answers NOT_FOUND for them, as its permissions or allowed addresses are unknown.
      log.warn(
          "RootKey {}/{} cannot be read, its keys do not verify until it can: {}",
          rootKey.getMetadata().getNamespace(),
          rootKey.getMetadata().getName(),
          problem.get());
    }
    if (rootKey.getStatus() instanceof Unreadable) {
      return List.of();
    }
    if (rootKey.getStatus() == null) {
      return List.of();
    }
    String namespace = rootKey.getMetadata().getNamespace();
    String uid = rootKey.getMetadata().getUid();
    return rootKey.getStatus().getKeys().stream()
        .filter(k -> seal.verifies(namespace, uid, k))
        .map(KeyRecord::getHash)
        .distinct()
        .toList();
  }

  @Override
  public Optional<IndexedKey> find(String tokenHash) {
    for (SharedIndexInformer<RootKey> informer : informers) {
      for (RootKey rootKey : informer.getIndexer().byIndex(BY_HASH, tokenHash)) {
        Optional<KeyRecord> record = sealedRecord(rootKey, tokenHash);
        if (record.isPresent()) {
          return Optional.of(
              new IndexedKey(
                  rootKey, record.get(), usage.cellFor(tokenHash, rootKey, record.get())));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The RootKey's record of this hash: it is indexed under the hash only for a sealed record, so a
   * lone record of the hash is that one; a second one (a copy within the same status) makes the
   * seal decide, which costs a MAC only then.
   */
  private Optional<KeyRecord> sealedRecord(RootKey rootKey, String tokenHash) {
    List<KeyRecord> keys = rootKey.getStatus().getKeys();
    KeyRecord found = null;
    for (KeyRecord record : keys) {
      if (tokenHash.equals(record.getHash())) {
        if (found != null) {
          String namespace = rootKey.getMetadata().getNamespace();
          String uid = rootKey.getMetadata().getUid();
          return keys.stream()
              .filter(k -> tokenHash.equals(k.getHash()))
              .filter(k -> seal.verifies(namespace, uid, k))
              .findFirst();
        }
        found = record;
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public boolean isReady() {
    // Asked on every verification: a plain loop, not a stream pipeline built per call.
    for (SharedIndexInformer<?> informer : informers) {
      if (!informer.hasSynced()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
