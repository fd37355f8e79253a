package dev.rootkey.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every change the sandbox's store made, in resourceVersion order, kept for a while: what etcd's
 * history is to a real API server, so that a watch can start from the resourceVersion of a list.
 */
final class ChangeLog {

  /** One ADDED, MODIFIED or DELETED object, under the store key it had. */
  record Change(long resourceVersion, String type, JsonNode object, AttributeSet key) {}

  /** Stops the deliveries to one subscriber. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final int capacity;
  private final Deque<Change> history = new ArrayDeque<>();
  private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();

  /** Changes older than the last dropped one cannot be replayed: such a watch answers 410. */
  private long lastDropped;

  ChangeLog(int capacity) {
    this.capacity = capacity;
  }

  /** Called by the store, in order, while it holds its write lock: subscribers must not block. */
  synchronized void record(Change change) {
    history.addLast(change);
    if (history.size() > capacity) {
      lastDropped = history.removeFirst().resourceVersion();
    }
    subscribers.forEach(s -> s.accept(change));
  }

  /**
   * Delivers every change after {@code resourceVersion}, then each new one as it happens; empty
   * when changes after it were already dropped.
   */
  synchronized Optional<Subscription> subscribe(long resourceVersion, Consumer<Change> subscriber) {
    if (resourceVersion < lastDropped) {
      return Optional.empty();
    }
    history.stream().filter(c -> c.resourceVersion() > resourceVersion).forEach(subscriber);
    subscribers.add(subscriber);
    return Optional.of(() -> subscribers.remove(subscriber));
  }

  /** Delivers each change from now on. */
  synchronized Subscription subscribeFromNow(Consumer<Change> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }
}
