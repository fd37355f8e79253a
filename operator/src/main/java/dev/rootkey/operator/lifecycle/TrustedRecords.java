package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.kube.DeliveredSecrets;
import dev.rootkey.operator.kube.DeliveryTarget;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.plan.IssuanceSteps;
import dev.rootkey.operator.plan.RootKeys;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the key records the operator wrote from the ones someone else put in a RootKey's status,
 * and seals the records the operator creates.
 *
 * <p>A record is the operator's when it carries the operator's {@link RecordSeal} for this RootKey.
 * One without it (written by a version without seals, or sealed under a seal key since replaced) is
 * the operator's only when the RootKey's own Secret holds its token, under the data key or the
 * previous-key entry, and no other record anywhere claims that hash: then it is sealed now. Every
 * other record is left out of the status the operator plans with, so its next write drops it.
 *
 * <p>Only records read through here, or created by this operator, ever reach a status write, and
 * only those created ({@link IssuanceSteps#withNewKeySealed}) or proven are ever sealed: whatever
 * is later written, a forged record never gets a seal.
 */
public class TrustedRecords {

  private static final Logger log = LoggerFactory.getLogger(TrustedRecords.class);

  private final RecordSeal seal;
  private final SecretStore secrets;

  public TrustedRecords(RecordSeal seal, SecretStore secrets) {
    this.seal = Objects.requireNonNull(seal, "seal");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /**
   * The RootKey's status with only the operator's records.
   *
   * @param cachedSecret the delivery Secret as the label-scoped informer sees it
   * @param rootKeys every RootKey the operator sees: a hash another one records is not proven
   */
  public RootKeyStatus of(
      RootKey rootKey, Optional<Secret> cachedSecret, Supplier<Stream<RootKey>> rootKeys) {
    RootKeyStatus status = RootKeys.statusOf(rootKey);
    String namespace = rootKey.getMetadata().getNamespace();
    String uid = rootKey.getMetadata().getUid();
    List<KeyRecord> unsealed =
        status.getKeys().stream().filter(k -> !seal.verifies(namespace, uid, k)).toList();
    if (unsealed.isEmpty()) {
      return status;
    }
    Set<String> candidates =
        unsealed.stream()
            .filter(k -> k.getId() != null && k.getHash() != null)
            .map(KeyRecord::getHash)
            .collect(Collectors.toSet());
    Set<String> held = heldHashes(rootKey, cachedSecret);
    if (!held.containsAll(candidates)) {
      // The cache may lag behind the API server: ask it before dropping a record. Either view of
      // the RootKey's own Secret proves a key it holds.
      DeliveryTarget target = DeliveryTarget.of(rootKey);
      held.addAll(heldHashes(rootKey, secrets.fetch(target.namespace(), target.secretName())));
    }
    Set<String> claimedElsewhere = claimedElsewhere(rootKey, candidates, held, rootKeys);
    Map<String, Long> counts =
        status.getKeys().stream()
            .filter(k -> k.getHash() != null)
            .collect(Collectors.groupingBy(KeyRecord::getHash, Collectors.counting()));
    List<KeyRecord> trusted = new ArrayList<>();
    int sealed = 0;
    int dropped = 0;
    for (KeyRecord record : status.getKeys()) {
      if (seal.verifies(namespace, uid, record)) {
        trusted.add(record);
      } else if (candidates.contains(record.getHash())
          && held.contains(record.getHash())
          && counts.get(record.getHash()) == 1
          && !claimedElsewhere.contains(record.getHash())) {
        trusted.add(seal.sealed(namespace, uid, record));
        sealed++;
      } else {
        dropped++;
      }
    }
    // Counts only: the ids in a record someone else wrote are not fit for a log line.
    if (sealed > 0) {
      log.info(
          "Sealed {} key record(s) of {}/{}: its Secret holds their keys",
          sealed,
          namespace,
          rootKey.getMetadata().getName());
    }
    if (dropped > 0) {
      log.warn(
          "Dropping {} key record(s) of {}/{} that this operator did not write: not sealed, and"
              + " not held by its Secret",
          dropped,
          namespace,
          rootKey.getMetadata().getName());
    }
    status.setKeys(trusted);
    return status;
  }

  /** Hashes of the tokens the RootKey's own Secret holds, in its key and previous-key entries. */
  private static Set<String> heldHashes(RootKey rootKey, Optional<Secret> secret) {
    if (secret.isEmpty()
        || !DeliveredSecrets.ownedBy(secret.get(), rootKey)
        || !DeliveredSecrets.MANAGED_BY.equals(
            Optional.ofNullable(secret.get().getMetadata().getLabels())
                .map(labels -> labels.get(DeliveredSecrets.MANAGED_BY_LABEL))
                .orElse(null))) {
      return new HashSet<>();
    }
    DeliveryTarget target = DeliveryTarget.of(rootKey);
    Set<String> held = new HashSet<>();
    DeliveredSecrets.heldKeyHash(secret.get(), target.dataKey()).ifPresent(held::add);
    DeliveredSecrets.heldPreviousKeyHash(secret.get(), target).ifPresent(held::add);
    return held;
  }

  /**
   * Which of {@code hashes} another RootKey records: whoever copied a key's token into this
   * RootKey's Secret cannot claim it from the RootKey it was issued to.
   */
  private static Set<String> claimedElsewhere(
      RootKey rootKey,
      Set<String> candidates,
      Set<String> held,
      Supplier<Stream<RootKey>> rootKeys) {
    Set<String> hashes = new HashSet<>(candidates);
    hashes.retainAll(held);
    if (hashes.isEmpty()) {
      return hashes;
    }
    String uid = rootKey.getMetadata().getUid();
    return rootKeys
        .get()
        .filter(other -> !uid.equals(other.getMetadata().getUid()))
        .filter(other -> other.getStatus() != null)
        .flatMap(other -> other.getStatus().getKeys().stream())
        .map(KeyRecord::getHash)
        .filter(hashes::contains)
        .collect(Collectors.toSet());
  }
}
