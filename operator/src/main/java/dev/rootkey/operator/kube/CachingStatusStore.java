package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the status subresource with the resourceVersion that was read, so a concurrent change
 * fails with 409 and the SDK reconciles again from fresh state. The SDK's resource operations cache
 * the result, so the next reconcile sees this write even before the informer does, and keep the
 * watch event of this write from starting a reconcile: the one that wrote it already acted on it.
 */
public class CachingStatusStore implements StatusStore {

  private static final Logger log = LoggerFactory.getLogger(CachingStatusStore.class);

  @Override
  public RootKey write(RootKey withNewStatus, Context<RootKey> context) {
    // No blind retries: a conflict means our plan was made on stale state, so plan again.
    RootKey stored = context.resourceOperations().updatePrimaryStatus(withNewStatus);
    if (hasSeals(withNewStatus) && !hasSeals(stored)) {
      log.error(
          "The API server dropped the seals of {}/{}'s key records: its RootKey CRD predates this"
              + " operator, and no key verifies until the CRDs of this version are applied"
              + " (kubectl apply -f crds/)",
          stored.getMetadata().getNamespace(),
          stored.getMetadata().getName());
    }
    return stored;
  }

  private static boolean hasSeals(RootKey rootKey) {
    return rootKey.getStatus() != null
        && rootKey.getStatus().getKeys().stream().anyMatch(k -> k.getSeal() != null);
  }
}
