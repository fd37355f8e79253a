package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyHash;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a delivered Secret looks like, and what an existing one tells about the key it holds. */
public final class DeliveredSecrets {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "rootkey-operator";

  /** Selects only the Secrets this operator owns: the informer caches nothing else. */
  public static final String SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  public static final String KEY_ID_ANNOTATION = "rootkey.dev/key-id";

  private DeliveredSecrets() {}

  /** Whether the RootKey owns this Secret (its controller owner reference). */
  public static boolean ownedBy(Secret secret, RootKey rootKey) {
    return secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> rootKey.getMetadata().getUid().equals(ref.getUid()));
  }

  /** SHA-256 of the token under the data key, if there is one. */
  public static Optional<String> heldKeyHash(Secret secret, String dataKey) {
    return Optional.ofNullable(secret.getData())
        .map(data -> data.get(dataKey))
        .map(
            encoded -> {
              try {
                return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
              } catch (IllegalArgumentException notBase64) {
                return null;
              }
            })
        .map(KeyHash::sha256Hex);
  }

  /** SHA-256 of the previous key the Secret carries for clients in transition, if any. */
  public static Optional<String> heldPreviousKeyHash(Secret secret, DeliveryTarget target) {
    return target.previousKey().flatMap(previous -> heldKeyHash(secret, previous));
  }

  /**
   * The plaintext under the target's data key: only ever moved from one Secret entry to another.
   */
  public static Optional<String> heldToken(Secret secret, DeliveryTarget target) {
    return Optional.ofNullable(secret.getData())
        .map(data -> data.get(target.dataKey()))
        .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
  }

  /** Whether the Secret holds the key with this hash under the target's data key. */
  public static boolean holds(Secret secret, DeliveryTarget target, String hash) {
    return heldKeyHash(secret, target.dataKey()).filter(hash::equals).isPresent();
  }

  /**
   * The Secret delivering {@code key}; replaces {@code existing} (keeping its resourceVersion for
   * optimistic locking) when there is one.
   */
  public static Secret withKey(
      RootKey rootKey,
      DeliveryTarget target,
      GeneratedKey key,
      Optional<Secret> existing,
      Optional<String> previousToken) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(target.dataKey(), encode(key.token()));
    target
        .previousKey()
        .ifPresent(previous -> previousToken.ifPresent(t -> data.put(previous, encode(t))));
    return new SecretBuilder()
        .withMetadata(metadata(rootKey, target, key.id(), existing))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The Secret without its previous-key entry, once that key no longer verifies. */
  public static Secret withoutPreviousKey(Secret existing, DeliveryTarget target) {
    Map<String, String> data = new LinkedHashMap<>(existing.getData());
    target.previousKey().ifPresent(data::remove);
    return new SecretBuilder(existing).withData(data).build();
  }

  private static String encode(String token) {
    return Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /** The existing Secret with its labels, annotations and owner brought up to date. */
  public static Secret withCurrentMetadata(
      RootKey rootKey, DeliveryTarget target, String keyId, Secret existing) {
    return new SecretBuilder(existing)
        .withMetadata(metadata(rootKey, target, keyId, Optional.of(existing)))
        .build();
  }

  /** Whether the Secret's metadata already is what {@link #withCurrentMetadata} would write. */
  public static boolean hasCurrentMetadata(
      RootKey rootKey, DeliveryTarget target, String keyId, Secret existing) {
    ObjectMeta wanted = metadata(rootKey, target, keyId, Optional.of(existing));
    ObjectMeta actual = existing.getMetadata();
    return wanted.getLabels().equals(actual.getLabels())
        && wanted.getAnnotations().equals(actual.getAnnotations())
        && wanted.getOwnerReferences().equals(actual.getOwnerReferences());
  }

  private static ObjectMeta metadata(
      RootKey rootKey, DeliveryTarget target, String keyId, Optional<Secret> existing) {
    // Labels and annotations others put on the Secret stay; ours are added over them.
    ObjectMeta base = existing.map(Secret::getMetadata).orElseGet(ObjectMeta::new);
    Map<String, String> labels = new LinkedHashMap<>(orEmpty(base.getLabels()));
    labels.putAll(target.extraLabels());
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    Map<String, String> annotations = new LinkedHashMap<>(orEmpty(base.getAnnotations()));
    annotations.putAll(target.extraAnnotations());
    annotations.put(KEY_ID_ANNOTATION, keyId);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(target.secretName());
    meta.setNamespace(target.namespace());
    meta.setResourceVersion(base.getResourceVersion());
    meta.setUid(base.getUid());
    meta.setCreationTimestamp(base.getCreationTimestamp());
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(ownerReference(rootKey)));
    return meta;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static OwnerReference ownerReference(RootKey rootKey) {
    return new OwnerReferenceBuilder()
        .withApiVersion(rootKey.getApiVersion())
        .withKind(rootKey.getKind())
        .withName(rootKey.getMetadata().getName())
        .withUid(rootKey.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
