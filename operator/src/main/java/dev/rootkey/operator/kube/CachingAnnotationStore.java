package dev.rootkey.operator.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Removes an annotation with a JSON Patch that first tests its value, so only the value the
 * operator acted on goes, never a user's newer one; the result is cached so the next reconcile sees
 * it even before the informer does.
 */
public class CachingAnnotationStore implements AnnotationStore {

  /** A failed test means someone changed the annotation: theirs stays, nothing to retry. */
  private static final int NO_RETRY = 0;

  @Override
  public RootKey remove(RootKey rootKey, String name, String value, Context<RootKey> context) {
    String patch = testAndRemove(name, value);
    return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        rootKey,
        context,
        UnaryOperator.identity(),
        r ->
            context
                .getClient()
                .resources(RootKey.class)
                .inNamespace(r.getMetadata().getNamespace())
                .withName(r.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), patch),
        NO_RETRY,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
  }

  private static String testAndRemove(String name, String value) {
    // JSON Pointer: "/" in an annotation name is written "~1" (and "~" as "~0", first).
    String path = "/metadata/annotations/" + name.replace("~", "~0").replace("/", "~1");
    try {
      return Serialization.jsonMapper()
          .writeValueAsString(
              List.of(
                  Map.of("op", "test", "path", path, "value", value),
                  Map.of("op", "remove", "path", path)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
