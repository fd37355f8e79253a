package dev.rootkey.operator.lifecycle;

import dev.rootkey.operator.kube.SecretStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Secrets as the API server keeps them, in memory: a create of an existing one and a replace from
 * an older resourceVersion are refused with 409.
 */
final class TestingSecretStore implements SecretStore {

  private final Map<String, Secret> secrets = new HashMap<>();
  private final Consumer<Secret> onWrite;
  private final TestingCrash crash;
  private long version;
  private int writes;

  /**
   * @param onWrite told of each Secret written
   * @param crash when the lifecycle's process dies
   */
  TestingSecretStore(Consumer<Secret> onWrite, TestingCrash crash) {
    this.onWrite = onWrite;
    this.crash = crash;
  }

  @Override
  public Optional<Secret> fetch(String namespace, String name) {
    crash.beforeCall();
    return Optional.ofNullable(secrets.get(namespace + "/" + name)).map(TestingSecretStore::copy);
  }

  @Override
  public Secret write(Secret desired) {
    crash.beforeCall();
    String id = desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
    Secret existing = secrets.get(id);
    String expected = desired.getMetadata().getResourceVersion();
    if (expected == null
        ? existing != null
        : existing == null || !expected.equals(existing.getMetadata().getResourceVersion())) {
      throw new KubernetesClientException("conflict writing Secret " + id, 409, null);
    }
    Secret stored = copy(desired);
    stored.getMetadata().setResourceVersion(String.valueOf(++version));
    secrets.put(id, stored);
    writes++;
    onWrite.accept(copy(stored));
    crash.wrote();
    return copy(stored);
  }

  void delete(String namespace, String name) {
    secrets.remove(namespace + "/" + name);
  }

  int writes() {
    return writes;
  }

  private static Secret copy(Secret secret) {
    Secret copy = new SecretBuilder(secret).build();
    copy.setData(new HashMap<>(secret.getData()));
    return copy;
  }
}
