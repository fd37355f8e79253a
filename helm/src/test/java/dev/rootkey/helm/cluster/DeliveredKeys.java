package dev.rootkey.helm.cluster;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyDefaults;
import dev.rootkey.api.v1alpha1.SecretTarget;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a user of a key waits for: the RootKey Ready with a current key that is Active, and that key
 * in its Secret.
 */
final class DeliveredKeys {

  /** Secret annotation naming the key it holds (the operator's). */
  static final String KEY_ID_ANNOTATION = "rootkey.dev/key-id";

  private final KubernetesClient client;

  DeliveredKeys(KubernetesClient client) {
    this.client = client;
  }

  /** A key in its Secret. Its text never shows: toString names the key by id. */
  record Delivered(String namespace, String rootKey, String secret, KeyRecord record, String key) {

    String id() {
      return record.getId();
    }

    @Override
    public String toString() {
      return namespace + "/" + rootKey + " " + record.getId() + " in Secret " + secret;
    }
  }

  /** Waits until the RootKey delivers a current key whose id is none of {@code previous}. */
  Delivered await(String namespace, String name, Set<String> previous, Duration timeout) {
    return org.awaitility.Awaitility.await(
            "RootKey " + namespace + "/" + name + " Ready with a new key in its Secret")
        .atMost(timeout)
        .until(() -> currentIfDelivered(namespace, name, previous), Objects::nonNull);
  }

  /** The RootKey as it is now. */
  RootKey rootKey(String namespace, String name) {
    return client.resources(RootKey.class).inNamespace(namespace).withName(name).get();
  }

  /** The record of key {@code id} in the RootKey's status. */
  Optional<KeyRecord> record(String namespace, String name, String id) {
    return rootKey(namespace, name).getStatus().getKeys().stream()
        .filter(k -> k.getId().equals(id))
        .findFirst();
  }

  /** The Secret the RootKey delivers into, and the data keys of its current and previous key. */
  static SecretTarget target(RootKey rootKey) {
    SecretTarget given = rootKey.getSpec().getSecret();
    SecretTarget target = new SecretTarget();
    target.setName(
        given == null || given.getName() == null
            ? rootKey.getMetadata().getName()
            : given.getName());
    target.setKey(
        given == null || given.getKey() == null ? RootKeyDefaults.SECRET_DATA_KEY : given.getKey());
    target.setPreviousKey(given == null ? null : given.getPreviousKey());
    return target;
  }

  Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private Delivered currentIfDelivered(String namespace, String name, Set<String> previous) {
    RootKey rootKey = rootKey(namespace, name);
    if (rootKey == null
        || rootKey.getStatus() == null
        || rootKey.getStatus().getConditions().stream()
            .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return null;
    }
    String currentId = rootKey.getStatus().getCurrentKeyId();
    if (currentId == null || previous.contains(currentId)) {
      return null;
    }
    Optional<KeyRecord> current =
        rootKey.getStatus().getKeys().stream()
            .filter(k -> k.getId().equals(currentId) && k.getState() == KeyState.Active)
            .findFirst();
    SecretTarget target = target(rootKey);
    Secret secret = secret(namespace, target.getName());
    if (current.isEmpty() || secret == null || secret.getData() == null) {
      return null;
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String encoded = secret.getData().get(target.getKey());
    if (annotations == null
        || !currentId.equals(annotations.get(KEY_ID_ANNOTATION))
        || encoded == null) {
      return null;
    }
    String key = Fingerprints.decoded(encoded);
    if (!Fingerprints.of(key).equals(current.get().getHash())) {
      return null;
    }
    return new Delivered(namespace, name, target.getName(), current.get(), key);
  }
}
