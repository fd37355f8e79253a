package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeySpec;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How late replaced keys turn Expired after their expiresAt: N RootKeys are rotated by annotation
 * with a short grace period, and a watch notes when each replaced record is first seen Expired. The
 * lateness a client sees includes the watch's delivery.
 */
final class RotationLatenessBenchmark {

  private static final String NAMESPACE = "bench";
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  record Result(int rootKeys, Percentiles latenessMs) {}

  static Result run(int rootKeys) throws InterruptedException {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      Operator operator =
          RootKeyOperator.create(
              client,
              Clock.systemUTC(),
              new KeyGenerator(new SecureRandom()),
              RecordSeal.random(new SecureRandom()),
              java.util.Set.of());
      operator.start();
      try {
        for (int i = 0; i < rootKeys; i++) {
          client.resource(rootKey("rk-" + i)).create();
        }
        awaitAll(client, rootKeys, rk -> isActive(rk), "Ready");

        Map<String, Long> latenessMs = new ConcurrentHashMap<>();
        try (Watch watch =
            client.resources(RootKey.class).inNamespace(NAMESPACE).watch(expiries(latenessMs))) {
          for (int i = 0; i < rootKeys; i++) {
            client
                .resources(RootKey.class)
                .inNamespace(NAMESPACE)
                .withName("rk-" + i)
                .edit(
                    rk -> {
                      rk.getMetadata().setAnnotations(Map.of("rootkey.dev/rotate", "bench"));
                      return rk;
                    });
          }
          Instant deadline = Instant.now().plus(GRACE).plus(TIMEOUT);
          while (latenessMs.size() < rootKeys && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
          }
        }
        long[] samples = latenessMs.values().stream().mapToLong(Long::longValue).toArray();
        if (samples.length < rootKeys) {
          throw new IllegalStateException(
              "only " + samples.length + " of " + rootKeys + " replaced keys expired in time");
        }
        return new Result(rootKeys, Percentiles.of(samples));
      } finally {
        operator.stop();
      }
    }
  }

  private static Watcher<RootKey> expiries(Map<String, Long> latenessMs) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, RootKey rootKey) {
        long seenAt = System.currentTimeMillis();
        if (rootKey.getStatus() == null) {
          return;
        }
        for (KeyRecord record : rootKey.getStatus().getKeys()) {
          if (record.getState() == KeyState.Expired && record.getExpiresAt() != null) {
            latenessMs.putIfAbsent(
                record.getId(), seenAt - Instant.parse(record.getExpiresAt()).toEpochMilli());
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static boolean isActive(RootKey rootKey) {
    return rootKey.getStatus() != null && rootKey.getStatus().getCurrentKeyId() != null;
  }

  private static void awaitAll(
      KubernetesClient client,
      int count,
      java.util.function.Predicate<RootKey> condition,
      String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      List<RootKey> all = client.resources(RootKey.class).inNamespace(NAMESPACE).list().getItems();
      if (all.stream().filter(condition).count() >= count) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("RootKeys not " + what + " within " + TIMEOUT);
  }

  private static RootKey rootKey(String name) {
    RootKey rootKey = new RootKey();
    rootKey.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    RootKeySpec spec = new RootKeySpec();
    spec.setPermissions(List.of("api.*.verify_key"));
    RotationSpec rotation = new RotationSpec();
    rotation.setGracePeriod(GRACE.toSeconds() + "s");
    spec.setRotation(rotation);
    rootKey.setSpec(spec);
    return rootKey;
  }

  private RotationLatenessBenchmark() {}
}
