package dev.rootkey.operator.plan;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Objects;

/** A RootKey's parts as planning reads them, never null, and copies of it with a new status. */
public final class RootKeys {

  private RootKeys() {}

  /** A copy of its status, empty when it has none yet. */
  public static RootKeyStatus statusOf(RootKey rootKey) {
    return rootKey.getStatus() == null
        ? new RootKeyStatus()
        : new RootKeyStatus(rootKey.getStatus());
  }

  /** A copy of the RootKey (its resourceVersion included) carrying {@code status}. */
  public static RootKey withStatus(RootKey rootKey, RootKeyStatus status) {
    RootKey copy = new RootKey();
    copy.setMetadata(new ObjectMetaBuilder(rootKey.getMetadata()).build());
    copy.setSpec(rootKey.getSpec());
    copy.setStatus(status);
    return copy;
  }

  public static Map<String, String> annotations(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getAnnotations(), Map.of());
  }

  public static long generation(RootKey rootKey) {
    return Objects.requireNonNullElse(rootKey.getMetadata().getGeneration(), 0L);
  }
}
