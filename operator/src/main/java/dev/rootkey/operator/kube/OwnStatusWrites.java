package dev.rootkey.operator.kube;

import dev.rootkey.api.v1alpha1.RootKey;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RootKey versions this operator's own status writes produced, as a filter that keeps their
 * watch events from starting a reconcile: the reconcile that wrote a status already acted on it, so
 * each issuance would otherwise be reconciled twice more for nothing. An update by anyone else has
 * a version of its own and is reconciled as before.
 */
public class OwnStatusWrites implements OnUpdateFilter<RootKey> {

  /** Far longer than a watch event takes to arrive; older entries (events never seen) go. */
  private static final Duration KEEP = Duration.ofMinutes(5);

  private static final int PRUNE_EVERY = 1024;

  /** When each version was written, by uid and resourceVersion. */
  private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();

  private final AtomicLong writes = new AtomicLong();

  /** Notes a status this operator has just written. */
  public void wrote(RootKey written) {
    writtenAt.put(version(written), System.nanoTime());
    if (writes.incrementAndGet() % PRUNE_EVERY == 0) {
      long oldest = System.nanoTime() - KEEP.toNanos();
      writtenAt.values().removeIf(at -> at < oldest);
    }
  }

  /** Whether an update event should reconcile: not when it shows our own write, once. */
  @Override
  public boolean accept(RootKey updated, RootKey previous) {
    return writtenAt.remove(version(updated)) == null;
  }

  private static String version(RootKey rootKey) {
    return rootKey.getMetadata().getUid() + "/" + rootKey.getMetadata().getResourceVersion();
  }
}
