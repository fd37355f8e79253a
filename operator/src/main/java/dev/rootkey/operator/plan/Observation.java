package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyUsage;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/**
 * What a reconcile sees of one RootKey before deciding.
 *
 * @param trusted its status with only the key records this operator wrote
 * @param secret its delivery Secret: as the label-scoped cache holds it, or, where the cache could
 *     mislead (a pending key to finish, a key that looks lost, a Secret in the way last time), as
 *     the API server holds it
 * @param leaks the KeyLeaks naming it
 * @param usages the KeyUsage reports naming it, whichever RootKey of that name they are about
 */
public record Observation(
    RootKey rootKey,
    RootKeyStatus trusted,
    Optional<Secret> secret,
    List<KeyLeak> leaks,
    List<KeyUsage> usages) {

  public Observation {
    leaks = List.copyOf(leaks);
    usages = List.copyOf(usages);
  }

  /** Without usage reports. */
  public Observation(
      RootKey rootKey, RootKeyStatus trusted, Optional<Secret> secret, List<KeyLeak> leaks) {
    this(rootKey, trusted, secret, leaks, List.of());
  }
}
