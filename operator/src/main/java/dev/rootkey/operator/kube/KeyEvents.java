package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;

/** Kubernetes Events about key operations: ids and starts only, never a key. */
public interface KeyEvents {

  void normal(RootKey rootKey, String reason, String message);

  void warning(RootKey rootKey, String reason, String message);
}
