package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.operator.kube.AnnotationStore;
import dev.rootkey.operator.kube.StatusStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One RootKey as the API server keeps it, in memory: every change moves its resourceVersion, and a
 * status write made from an older one is refused with 409, as optimistic locking does.
 */
final class TestingRootKeyStore implements StatusStore, AnnotationStore {

  private final BiConsumer<RootKeyStatus, RootKeyStatus> onStatusWrite;
  private final TestingCrash crash;
  private RootKey stored;
  private long version;
  private int writes;

  /**
   * @param onStatusWrite told of each status write, with the status before and after it
   * @param crash when the lifecycle's process dies
   */
  TestingRootKeyStore(BiConsumer<RootKeyStatus, RootKeyStatus> onStatusWrite, TestingCrash crash) {
    this.onStatusWrite = onStatusWrite;
    this.crash = crash;
  }

  void create(RootKey rootKey) {
    stored = copy(rootKey);
    stored.getMetadata().setUid("uid-" + rootKey.getMetadata().getName());
    stored.getMetadata().setGeneration(1L);
    stored.getMetadata().setResourceVersion(String.valueOf(++version));
  }

  /** The RootKey as a reconcile would get it. */
  RootKey read() {
    return copy(stored);
  }

  /** Sets annotations, as {@code kubectl annotate --overwrite} does. */
  void annotate(Map<String, String> annotations) {
    Map<String, String> all = new HashMap<>(annotationsOf(stored));
    all.putAll(annotations);
    stored.getMetadata().setAnnotations(all);
    stored.getMetadata().setResourceVersion(String.valueOf(++version));
  }

  /** Status and annotation writes made by the lifecycle so far. */
  int writes() {
    return writes;
  }

  @Override
  public RootKey write(RootKey withNewStatus, Context<RootKey> context) {
    crash.beforeCall();
    requireCurrent(withNewStatus);
    RootKeyStatus before = stored.getStatus();
    stored.setStatus(new RootKeyStatus(withNewStatus.getStatus()));
    stored.getMetadata().setResourceVersion(String.valueOf(++version));
    writes++;
    onStatusWrite.accept(before == null ? new RootKeyStatus() : before, stored.getStatus());
    crash.wrote();
    return read();
  }

  @Override
  public RootKey remove(RootKey rootKey, String name, String value, Context<RootKey> context) {
    crash.beforeCall();
    Map<String, String> all = new HashMap<>(annotationsOf(stored));
    if (!Objects.equals(all.get(name), value)) {
      throw new KubernetesClientException("test failed: " + name + " is not " + value, 422, null);
    }
    all.remove(name);
    stored.getMetadata().setAnnotations(all);
    stored.getMetadata().setResourceVersion(String.valueOf(++version));
    writes++;
    crash.wrote();
    return read();
  }

  private void requireCurrent(RootKey rootKey) {
    String sent = rootKey.getMetadata().getResourceVersion();
    if (!stored.getMetadata().getResourceVersion().equals(sent)) {
      throw new KubernetesClientException("conflict: resourceVersion " + sent, 409, null);
    }
  }

  private static Map<String, String> annotationsOf(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getAnnotations(), Map.of());
  }

  private static RootKey copy(RootKey rootKey) {
    RootKey copy = new RootKey();
    copy.setMetadata(new ObjectMetaBuilder(rootKey.getMetadata()).build());
    copy.getMetadata().setAnnotations(new HashMap<>(annotationsOf(rootKey)));
    copy.setSpec(rootKey.getSpec());
    copy.setStatus(rootKey.getStatus() == null ? null : new RootKeyStatus(rootKey.getStatus()));
    return copy;
  }
}
