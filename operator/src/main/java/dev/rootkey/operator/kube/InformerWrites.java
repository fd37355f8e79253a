package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Feeds a write of ours to the informer that caches its kind, so the next reconcile sees it even
 * before the watch delivers it, and the watch event it causes starts no reconcile of its own.
 */
public final class InformerWrites {

  private InformerWrites() {}

  public static <R extends HasMetadata> void remember(
      Context<RootKey> context, Class<R> type, R written, Optional<R> previous) {
    if (context.eventSourceRetriever().getEventSourceFor(type)
        instanceof InformerEventSource<?, ?> source) {
      @SuppressWarnings("unchecked")
      InformerEventSource<R, RootKey> informer = (InformerEventSource<R, RootKey>) source;
      ResourceID id = ResourceID.fromResource(written);
      if (previous.isPresent()) {
        informer.handleRecentResourceUpdate(id, written, previous.get());
      } else {
        informer.handleRecentResourceCreate(id, written);
      }
    }
  }
}
