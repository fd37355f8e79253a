package dev.rootkey.webhook.index;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.KeyLeakSpec;
import dev.rootkey.api.v1alpha1.Unreadable;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches KeyLeaks in the namespaces whose RootKeys are indexed and feeds {@link LeakedKeys}, so
 * every replica refuses a leaked key within the watch's delay of its KeyLeak being filed, whether
 * or not an operator is leading.
 */
public final class KeyLeakInformer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeyLeakInformer.class);

  private final List<SharedIndexInformer<KeyLeak>> informers;

  private KeyLeakInformer(List<SharedIndexInformer<KeyLeak>> informers) {
    this.informers = informers;
  }

  /** Starts watching KeyLeaks in these namespaces (empty: all) without waiting for the sync. */
  public static KeyLeakInformer start(
      KubernetesClient client, Set<String> namespaces, LeakedKeys leaked) {
    List<SharedIndexInformer<KeyLeak>> informers = new ArrayList<>();
    if (namespaces.isEmpty()) {
      informers.add(client.resources(KeyLeak.class).inAnyNamespace().runnableInformer(0));
    } else {
      for (String namespace : namespaces) {
        informers.add(client.resources(KeyLeak.class).inNamespace(namespace).runnableInformer(0));
      }
    }
    for (SharedIndexInformer<KeyLeak> informer : informers) {
      informer.addEventHandler(new Feed(leaked));
      informer.start();
    }
    return new KeyLeakInformer(informers);
  }

  /** What a KeyLeak claims leaked, unless its spec cannot be read or leaves a part out. */
  static Optional<LeakedKeys.Claim> claimOf(KeyLeak leak) {
    KeyLeakSpec spec = leak.getSpec();
    if (spec == null || spec instanceof Unreadable) {
      return Optional.empty();
    }
    if (spec.getRootKey() == null || spec.getKeyId() == null || spec.getTokenHash() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new LeakedKeys.Claim(
            leak.getMetadata().getNamespace(),
            spec.getRootKey(),
            spec.getKeyId(),
            spec.getTokenHash()));
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  /** Turns the watch's events into the set's entries. */
  private record Feed(LeakedKeys leaked) implements ResourceEventHandler<KeyLeak> {

    @Override
    public void onAdd(KeyLeak leak) {
      String namespace = leak.getMetadata().getNamespace();
      String name = leak.getMetadata().getName();
      Optional<LeakedKeys.Claim> claim = claimOf(leak);
      if (claim.isPresent()) {
        leaked.watched(namespace, name, claim.get());
      } else {
        log.warn(
            "KeyLeak {}/{} names no key that can be read: it refuses nothing{}",
            namespace,
            name,
            Unreadable.problemOf(leak).map(p -> " (" + p + ")").orElse(""));
        leaked.unreadable(namespace, name);
      }
    }

    @Override
    public void onUpdate(KeyLeak before, KeyLeak after) {
      onAdd(after);
    }

    @Override
    public void onDelete(KeyLeak leak, boolean finalStateUnknown) {
      leaked.deleted(leak.getMetadata().getNamespace(), leak.getMetadata().getName());
    }
  }
}
