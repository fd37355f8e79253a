package dev.rootkey.operator;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.operator.kube.SecretStore;
import dev.rootkey.operator.kube.StatusStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator process dying right after a chosen write: that write lands, and from then on no
 * store the crash wraps reaches the API server again, as if the process were gone.
 */
final class SimulatedCrash {

  private final CountDownLatch crashed = new CountDownLatch(1);
  private volatile boolean dead;

  /** Wraps a status store that dies after its {@code n}-th successful write. */
  StatusStore statusStoreDyingAfterWrite(StatusStore delegate, int n) {
    AtomicInteger writes = new AtomicInteger();
    return (RootKey withNewStatus, Context<RootKey> context) -> {
      requireAlive();
      RootKey written = delegate.write(withNewStatus, context);
      if (writes.incrementAndGet() == n) {
        die();
      }
      return written;
    };
  }

  /** Wraps a Secret store that dies after its {@code n}-th successful write. */
  SecretStore secretStoreDyingAfterWrite(SecretStore delegate, int n) {
    AtomicInteger writes = new AtomicInteger();
    return new SecretStore() {
      @Override
      public Optional<Secret> fetch(String namespace, String name) {
        requireAlive();
        return delegate.fetch(namespace, name);
      }

      @Override
      public Secret write(Secret desired) {
        requireAlive();
        Secret written = delegate.write(desired);
        if (writes.incrementAndGet() == n) {
          die();
        }
        return written;
      }
    };
  }

  StatusStore statusStore(StatusStore delegate) {
    return statusStoreDyingAfterWrite(delegate, Integer.MAX_VALUE);
  }

  SecretStore secretStore(SecretStore delegate) {
    return secretStoreDyingAfterWrite(delegate, Integer.MAX_VALUE);
  }

  boolean awaitCrash() throws InterruptedException {
    return crashed.await(10, TimeUnit.SECONDS);
  }

  private void die() {
    dead = true;
    crashed.countDown();
    throw new IllegalStateException("simulated crash");
  }

  private void requireAlive() {
    if (dead) {
      throw new IllegalStateException("simulated crash: the process is gone");
    }
  }
}
