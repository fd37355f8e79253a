package dev.rootkey.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the API server first stored each RootKey with Ready=True, noted by the server itself: both
 * sides of a comparison are timed the same way, and the timing adds no watch to the server it
 * times.
 */
final class ReadyTimes {

  private final Map<String, Map<String, Long>> byNamespace = new ConcurrentHashMap<>();

  /** Called with each object the server stores; cheap, as it runs under the server's lock. */
  void stored(GenericKubernetesResource resource) {
    if ("RootKey".equals(resource.getKind()) && isReady(resource)) {
      byNamespace
          .computeIfAbsent(resource.getMetadata().getNamespace(), ns -> new ConcurrentHashMap<>())
          .putIfAbsent(resource.getMetadata().getName(), System.nanoTime());
    }
  }

  /**
   * Waits until {@code count} RootKeys of the namespace were stored Ready; returns when the last of
   * them was (System.nanoTime).
   */
  long awaitReady(String namespace, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> ready =
        byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>());
    while (ready.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + ready.size() + " of " + count + " RootKeys Ready within " + timeout);
      }
      Thread.sleep(20);
    }
    return ready.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  /** When the first RootKey of the namespace was stored Ready (System.nanoTime). */
  long firstReady(String namespace) {
    return byNamespace.getOrDefault(namespace, Map.of()).values().stream()
        .mapToLong(Long::longValue)
        .min()
        .orElseThrow(() -> new IllegalStateException("no RootKey Ready in " + namespace));
  }

  private static boolean isReady(GenericKubernetesResource resource) {
    if (!(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .anyMatch(
            c ->
                c instanceof Map<?, ?> condition
                    && "Ready".equals(condition.get("type"))
                    && "True".equals(condition.get("status")));
  }
}
