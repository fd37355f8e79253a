package dev.rootkey.operator.metrics;

import dev.rootkey.api.v1alpha1.IssueTrigger;
import dev.rootkey.api.v1alpha1.LeakAction;
import java.time.Instant;
import java.util.Optional;

/** What the operator counts and shows about keys: never a key, only events and instants. */
public interface KeyMetrics {

  /** A new key became current. */
  void issued(IssueTrigger trigger);

  /** A KeyLeak was answered. */
  void leakAnswered(LeakAction action);

  /** The RootKey is Ready, with this expiry and next scheduled rotation. */
  void observe(
      String namespace, String name, Optional<Instant> expiresAt, Optional<Instant> nextRotation);

  /** The RootKey is not Ready: the operator cannot act on it until someone changes something. */
  void failed(String namespace, String name);

  /** The RootKey is past its expiry: done for good, neither Ready nor broken. */
  void expired(String namespace, String name);

  /** The RootKey is gone: drop its series. */
  void forget(String namespace, String name);

  /** Counts nothing, for tests and tools that do not scrape. */
  KeyMetrics NONE =
      new KeyMetrics() {
        @Override
        public void issued(IssueTrigger trigger) {}

        @Override
        public void leakAnswered(LeakAction action) {}

        @Override
        public void observe(
            String namespace,
            String name,
            Optional<Instant> expiresAt,
            Optional<Instant> nextRotation) {}

        @Override
        public void failed(String namespace, String name) {}

        @Override
        public void expired(String namespace, String name) {}

        @Override
        public void forget(String namespace, String name) {}
      };
}
