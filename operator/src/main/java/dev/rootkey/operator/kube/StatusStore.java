package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Writes a RootKey's status with optimistic concurrency and returns the stored resource. */
public interface StatusStore {

  RootKey write(RootKey withNewStatus, Context<RootKey> context);
}
