package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** RootKeys and namespaces the benchmarks set up before they start timing. */
final class BenchRootKeys {

  /** Parallel creation only shortens setup; no figure includes it. */
  private static final int SETUP_THREADS = 8;

  private BenchRootKeys() {}

  static void namespace(KubernetesClient client, String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static RootKey rootKey(String namespace, String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    rootKey.setSpec(spec);
    return rootKey;
  }

  /**
   * Creates {@code count} objects made by {@code make}, in parallel, and returns them as stored.
   */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> createAll(
      KubernetesClient client, int count, IntFunction<T> make) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<T>> created = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        T object = make.apply(i);
        created.add(pool.submit(() -> client.resource(object).create()));
      }
      List<T> stored = new ArrayList<>(count);
      for (Future<T> future : created) {
        stored.add(future.get());
      }
      return stored;
    } finally {
      pool.shutdownNow();
    }
  }

  static boolean isReady(RootKey rootKey) {
    return rootKey.getStatus() != null
        && rootKey.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Optional<Condition> ready(RootKey rootKey) {
    return rootKey.getStatus() == null
        ? Optional.empty()
        : rootKey.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst();
  }

  static String token(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("ROOT_KEY")), StandardCharsets.UTF_8);
  }
}
