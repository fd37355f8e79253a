package dev.rootkey.webhook.usage;

import dev.rootkey.api.v1alpha1.RootKey;

/** The RootKey whose keys a usage cell counts: where its KeyUsage goes and whom it names. */
public record RootKeyRef(String namespace, String name, String uid) {

  public static RootKeyRef of(RootKey rootKey) {
    return new RootKeyRef(
        rootKey.getMetadata().getNamespace(),
        rootKey.getMetadata().getName(),
        rootKey.getMetadata().getUid());
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
