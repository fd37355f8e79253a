package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes when each RootKey of a namespace is first seen Ready through a watch: cheaper and finer
 * than listing thousands of objects in a poll loop, and it does not load the API server it times.
 */
final class ReadyTracker implements AutoCloseable {

  private final Map<String, Long> readyAtNanos = new ConcurrentHashMap<>();
  private final Watch watch;

  private ReadyTracker(KubernetesClient client, String namespace) {
    watch =
        client
            .resources(RootKey.class)
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, RootKey rootKey) {
                    if (BenchRootKeys.isReady(rootKey)) {
                      readyAtNanos.putIfAbsent(rootKey.getMetadata().getName(), System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  static ReadyTracker watch(KubernetesClient client, String namespace) {
    return new ReadyTracker(client, namespace);
  }

  /** Waits until {@code count} RootKeys were seen Ready; returns when the last of them was. */
  long awaitReady(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readyAtNanos.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + readyAtNanos.size() + " of " + count + " RootKeys Ready within " + timeout);
      }
      Thread.sleep(20);
    }
    return readyAtNanos.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  @Override
  public void close() {
    watch.close();
  }
}
