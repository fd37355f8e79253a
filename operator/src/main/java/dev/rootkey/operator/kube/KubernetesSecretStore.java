package dev.rootkey.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * {@link SecretStore} on the Fabric8 client: create, or update with the resourceVersion read. Each
 * write is noted before it is sent, so the operator can tell the watch events of its own writes.
 */
public class KubernetesSecretStore implements SecretStore {

  private final KubernetesClient client;
  private final OwnSecretWrites own;

  public KubernetesSecretStore(KubernetesClient client) {
    this(client, new OwnSecretWrites());
  }

  public KubernetesSecretStore(KubernetesClient client, OwnSecretWrites own) {
    this.client = client;
    this.own = own;
  }

  @Override
  public Optional<Secret> fetch(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Secret write(Secret desired) {
    var resource =
        client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired);
    own.writing(desired);
    try {
      return desired.getMetadata().getResourceVersion() == null
          ? resource.create()
          : resource.update();
    } catch (RuntimeException e) {
      own.failed(desired);
      throw e;
    }
  }
}
