package dev.rootkey.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** {@link SecretStore} on the Fabric8 client: create, or update with the resourceVersion read. */
public class KubernetesSecretStore implements SecretStore {

  private final KubernetesClient client;

  public KubernetesSecretStore(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Secret> fetch(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Secret write(Secret desired) {
    var resource =
        client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired);
    return desired.getMetadata().getResourceVersion() == null
        ? resource.create()
        : resource.update();
  }
}
