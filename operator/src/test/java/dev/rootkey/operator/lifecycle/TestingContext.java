package dev.rootkey.operator.lifecycle;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.lang.reflect.Proxy;

/**
 * A reconcile context with no informers behind it, for driving {@link KeyLifecycle} with in-memory
 * stores: a write fed to an informer's cache goes nowhere, and anything else the lifecycle asked of
 * the context would fail the test.
 */
final class TestingContext {

  private TestingContext() {}

  @SuppressWarnings("unchecked")
  static Context<RootKey> withoutInformers() {
    EventSourceRetriever<RootKey> noSources =
        (EventSourceRetriever<RootKey>)
            proxy(EventSourceRetriever.class, "getEventSourceFor", null);
    return (Context<RootKey>) proxy(Context.class, "eventSourceRetriever", noSources);
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
