package dev.rootkey.webhook.index;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.Unreadable;
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
 * {@link KeyIndex} over RootKey informers: the informer's own index maps every record's hash to its
 * RootKey, so a lookup is a hash-map access, with no API call per token.
 */
public final class InformerKeyIndex implements KeyIndex, AutoCloseable {

  private static final String BY_HASH = "keyHash";
  private static final Logger log = LoggerFactory.getLogger(InformerKeyIndex.class);

  private final List<SharedIndexInformer<RootKey>> informers;

  private InformerKeyIndex(List<SharedIndexInformer<RootKey>> informers) {
    this.informers = informers;
  }

  /** Starts watching RootKeys in these namespaces (empty: all) without waiting for the sync. */
  public static InformerKeyIndex start(KubernetesClient client, Set<String> namespaces) {
    List<SharedIndexInformer<RootKey>> informers = new ArrayList<>();
    if (namespaces.isEmpty()) {
      informers.add(client.resources(RootKey.class).inAnyNamespace().runnableInformer(0));
    } else {
      for (String namespace : namespaces) {
        informers.add(client.resources(RootKey.class).inNamespace(namespace).runnableInformer(0));
      }
    }
    for (SharedIndexInformer<RootKey> informer : informers) {
      informer.addIndexers(Map.of(BY_HASH, InformerKeyIndex::hashes));
      informer.start();
    }
    return new InformerKeyIndex(informers);
  }

  private static List<String> hashes(RootKey rootKey) {
    Optional<String> problem = Unreadable.problemOf(rootKey);
    if (problem.isPresent()) {
      // Its permissions or allowed addresses are unknown: its keys answer NOT_FOUND, not VALID.
      log.warn(
          "RootKey {}/{} cannot be read, its keys do not verify until it can: {}",
          rootKey.getMetadata().getNamespace(),
          rootKey.getMetadata().getName(),
          problem.get());
      return List.of();
    }
    if (rootKey.getStatus() == null) {
      return List.of();
    }
    return rootKey.getStatus().getKeys().stream().map(KeyRecord::getHash).toList();
  }

  @Override
  public Optional<IndexedKey> find(String tokenHash) {
    for (SharedIndexInformer<RootKey> informer : informers) {
      for (RootKey rootKey : informer.getIndexer().byIndex(BY_HASH, tokenHash)) {
        Optional<KeyRecord> record =
            rootKey.getStatus().getKeys().stream()
                .filter(k -> tokenHash.equals(k.getHash()))
                .findFirst();
        if (record.isPresent()) {
          return Optional.of(new IndexedKey(rootKey, record.get()));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean isReady() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
