package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ResourceOperations;
import java.lang.reflect.Proxy;
import java.util.function.UnaryOperator;

/**
 * A reconcile context with no informers behind it, for driving {@link KeyLifecycle} with in-memory
 * stores: a write sent through its resource operations goes straight to the store, with no cache to
 * fill, and anything else the lifecycle asked of the context would fail the test.
 */
final class TestingContext {

  private TestingContext() {}

  @SuppressWarnings("unchecked")
  static Context<RootKey> withoutInformers() {
    ResourceOperations<RootKey> straight =
        new ResourceOperations<>(null) {
          @Override
          public <R extends HasMetadata> R resourcePatch(R resource, UnaryOperator<R> write) {
            return write.apply(resource);
          }
        };
    return (Context<RootKey>) proxy(Context.class, "resourceOperations", straight);
  }

  /** An implementation of {@code type} answering {@code method} with {@code answer}, only. */
  private static Object proxy(Class<?> type, String method, Object answer) {
    return Proxy.newProxyInstance(
        TestingContext.class.getClassLoader(),
        new Class<?>[] {type},
        (self, called, args) -> {
          if (called.getName().equals(method)) {
            return answer;
          }
          if (called.getName().equals("toString")) {
            return "Testing" + type.getSimpleName();
          }
          throw new UnsupportedOperationException(type.getSimpleName() + "." + called.getName());
        });
  }
}
