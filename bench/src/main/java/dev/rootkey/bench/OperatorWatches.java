package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.kube.DeliveredSecrets;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The two watches the operator keeps open, with nothing behind them: the RootKeys of a namespace
 * and the Secrets it manages (by label), each from the resourceVersion of a list, as an informer
 * opens them. Each event is decoded into its type, as for the operator, and counted. What these
 * cost is what any controller that watches pays on top of its writes.
 */
final class OperatorWatches implements AutoCloseable {

  private final LongAdder events = new LongAdder();
  private final List<Watch> watches;

  private OperatorWatches(KubernetesClient client, String namespace) {
    ListOptions rootKeysFrom =
        from(client.resources(RootKey.class).inNamespace(namespace).list().getMetadata());
    ListOptions secretsFrom =
        from(
            client
                .secrets()
                .inNamespace(namespace)
                .withLabelSelector(DeliveredSecrets.SELECTOR)
                .list()
                .getMetadata());
    watches =
        List.of(
            client
                .resources(RootKey.class)
                .inNamespace(namespace)
                .watch(rootKeysFrom, new Counting<>()),
            client
                .secrets()
                .inNamespace(namespace)
                .withLabelSelector(DeliveredSecrets.SELECTOR)
                .watch(secretsFrom, new Counting<>()));
  }

  /** Opens both watches on the objects of {@code namespace} as they are now. */
  static OperatorWatches open(KubernetesClient client, String namespace) {
    return new OperatorWatches(client, namespace);
  }

  /** Events received so far, on both watches. */
  long events() {
    return events.sum();
  }

  /**
   * Waits until {@code expected} events came, or the timeout passed; returns the events received. A
   * round's clock stops when the server stored its last write, with the events of the last writes
   * still on their way.
   */
  long awaitEvents(long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return events();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }

  private static ListOptions from(ListMeta listed) {
    return new ListOptionsBuilder().withResourceVersion(listed.getResourceVersion()).build();
  }

  private final class Counting<T> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      events.increment();
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
