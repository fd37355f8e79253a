package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * The backstop of spec.deleteProtection on clusters without admission policies: a protected RootKey
 * carries a finalizer, so a delete leaves it (and the Secret it owns) in place until protection is
 * turned off.
 */
final class DeleteProtection {

  static final String FINALIZER = "rootkey.dev/delete-protection";

  private DeleteProtection() {}

  static boolean isProtected(RootKey rootKey) {
    return rootKey.getSpec() != null
        && Boolean.TRUE.equals(rootKey.getSpec().getDeleteProtection());
  }

  /**
   * Adds or removes the finalizer as the spec says.
   *
   * @return the RootKey as it is now; null if removing the finalizer let a delete finish
   */
  static RootKey enforce(RootKey rootKey, Context<RootKey> context) {
    if (isProtected(rootKey)) {
      // Never added once deletion started: the API server refuses new finalizers then.
      return PrimaryUpdateAndCacheUtils.addFinalizer(context.getClient(), rootKey, FINALIZER);
    }
    return PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), rootKey, FINALIZER);
  }
}
