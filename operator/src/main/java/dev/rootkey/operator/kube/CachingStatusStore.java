package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the status subresource with the resourceVersion that was read, so a concurrent change
 * fails with 409 and the SDK reconciles again from fresh state; the result is cached so the next
 * reconcile sees this write even before the informer does.
 */
public class CachingStatusStore implements StatusStore {

  private static final Logger log = LoggerFactory.getLogger(CachingStatusStore.class);

  /** No blind retries: a conflict means our plan was made on stale state, so plan again. */
  private static final int NO_RETRY = 0;

  private final OwnStatusWrites own;

  public CachingStatusStore() {
    this(new OwnStatusWrites());
  }

  /**
   * A store that notes each write in {@code own} before sending it, so the operator can tell the
   * watch events of its own updates.
   */
  public CachingStatusStore(OwnStatusWrites own) {
    this.own = own;
  }

  @Override
  public RootKey write(RootKey withNewStatus, Context<RootKey> context) {
    own.writing(withNewStatus);
    RootKey stored;
    try {
      stored =
          PrimaryUpdateAndCacheUtils.updateAndCacheResource(
              withNewStatus,
              context,
              UnaryOperator.identity(),
              r -> context.getClient().resource(r).updateStatus(),
              NO_RETRY,
              PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
              PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
    } catch (RuntimeException e) {
      own.failed(withNewStatus);
      throw e;
    }
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
