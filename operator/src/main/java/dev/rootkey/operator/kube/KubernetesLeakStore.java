package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@link LeakStore} writing the KeyLeak's status subresource with the resourceVersion read. */
public class KubernetesLeakStore implements LeakStore {

  private final KubernetesClient client;

  public KubernetesLeakStore(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public KeyLeak answer(KeyLeak leak, KeyLeakStatus status) {
    KeyLeak answered = new KeyLeak();
    answered.setMetadata(new ObjectMetaBuilder(leak.getMetadata()).build());
    answered.setSpec(leak.getSpec());
    answered.setStatus(status);
    return client.resource(answered).updateStatus();
  }
}
