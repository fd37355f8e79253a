package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyDefaults;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.SecretTarget;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A RootKey's spec with every default applied: where and how its key is delivered. */
public record DeliveryTarget(
    String namespace,
    String secretName,
    String dataKey,
    Optional<String> previousKey,
    String prefix,
    Map<String, String> extraLabels,
    Map<String, String> extraAnnotations) {

  public static DeliveryTarget of(RootKey rootKey) {
    RootKeySpec spec = Objects.requireNonNullElseGet(rootKey.getSpec(), RootKeySpec::new);
    SecretTarget secret = Objects.requireNonNullElseGet(spec.getSecret(), SecretTarget::new);
    return new DeliveryTarget(
        rootKey.getMetadata().getNamespace(),
        Objects.requireNonNullElse(secret.getName(), rootKey.getMetadata().getName()),
        Objects.requireNonNullElse(secret.getKey(), RootKeyDefaults.SECRET_DATA_KEY),
        Optional.ofNullable(secret.getPreviousKey()),
        Objects.requireNonNullElse(spec.getPrefix(), RootKeyDefaults.PREFIX),
        Objects.requireNonNullElse(secret.getLabels(), Map.of()),
        Objects.requireNonNullElse(secret.getAnnotations(), Map.of()));
  }
}
