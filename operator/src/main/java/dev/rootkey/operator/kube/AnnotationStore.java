package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Removes an annotation from a RootKey, as {@code kubectl annotate rk NAME KEY-} does. */
public interface AnnotationStore {

  /**
   * Removes annotation {@code name} if it still has {@code value}: a value someone set meanwhile
   * stays. Fails (and changes nothing) when the annotation is gone or holds another value.
   *
   * @return the RootKey as stored after the removal
   */
  RootKey remove(RootKey rootKey, String name, String value, Context<RootKey> context);
}
