package dev.rootkey.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads and writes the Secrets keys are delivered in, straight from the API server. */
public interface SecretStore {

  Optional<Secret> fetch(String namespace, String name);

  /** Creates the Secret, or replaces it when it carries a resourceVersion (optimistic locking). */
  Secret write(Secret desired);
}
