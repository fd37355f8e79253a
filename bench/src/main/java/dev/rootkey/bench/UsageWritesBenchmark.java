package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationAnnotations;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.webhook.WebhookApp;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What usage tracking costs the API server: N RootKeys, half of them just rotated with a replaced
 * key still in its grace period (reported within seconds) and half with their current key only
 * (reported within minutes), all verified steadily through the scanner-webhook for a window; the
 * writes of KeyUsages (the webhook) and of RootKey status (the operator folding them in) are
 * counted by the API server over that window, after a first window that lets every key's first
 * report go out.
 */
final class UsageWritesBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  record Settings(int rootKeys, int clientThreads, Duration warmUp, Duration window) {}

  /**
   * @param writes every write the API server served during the measured window, by kind
   */
  record Result(
      int rootKeys,
      int rotated,
      long verifications,
      Duration window,
      long keyUsageWrites,
      long statusWrites,
      RequestCounts writes) {

    double perMinute(long count) {
      return count * 60_000.0 / window.toMillis();
    }

    double verificationsPerSecond() {
      return verifications * 1_000.0 / window.toMillis();
    }
  }

  private UsageWritesBenchmark() {}

  static Result run(Settings settings) throws Exception {
    return WebhookBenchmark.withStack(bench -> measure(bench, settings));
  }

  private static Result measure(WebhookBenchmark bench, Settings settings) throws Exception {
    List<String> tokens = bench.readyTokens(settings.rootKeys());
    int rotated = settings.rootKeys() / 2;
    KubernetesClient client = bench.client();
    for (int i = 0; i < rotated; i++) {
      rotateKeepingTheOldKeyWhileUsed(client, "rk-" + i);
    }
    awaitReplaced(client, rotated);
    // The old keys of the rotated half (in grace, reported within seconds) and the current keys
    // of the other half (reported within minutes).
    List<byte[]> bodies = new ArrayList<>();
    for (String token : tokens) {
      bodies.add(bench.verifyBody(token));
    }
    LoadGenerator load = new LoadGenerator(bench.http(), settings.clientThreads());
    load.run(
        n -> bench.post(WebhookApp.VERIFY_KEY_PATH, bodies.get(Math.floorMod(n, bodies.size()))),
        Duration.ZERO,
        settings.warmUp());
    RequestCounts before = bench.server().requests();
    LoadGenerator.Result steady =
        load.run(
            n ->
                bench.post(WebhookApp.VERIFY_KEY_PATH, bodies.get(Math.floorMod(n, bodies.size()))),
            Duration.ZERO,
            settings.window());
    RequestCounts served = bench.server().requests().since(before);
    Map<String, Long> writes = new HashMap<>();
    served
        .byKind()
        .forEach(
            (kind, count) -> {
              if (!kind.startsWith("GET ")
                  && !kind.startsWith("LIST ")
                  && !kind.startsWith("WATCH ")) {
                writes.put(kind, count);
              }
            });
    return new Result(
        settings.rootKeys(),
        rotated,
        steady.requests(),
        settings.window(),
        sum(writes, "keyusages"),
        sum(writes, "rootkeys/status"),
        new RequestCounts(new TreeMap<>(writes)));
  }

  /** Long grace and maxGracePeriod: every replaced key keeps verifying through the window. */
  private static void rotateKeepingTheOldKeyWhileUsed(KubernetesClient client, String name) {
    client
        .resources(RootKey.class)
        .inNamespace(WebhookBenchmark.NAMESPACE)
        .withName(name)
        .edit(
            rootKey -> {
              RotationSpec rotation = new RotationSpec();
              rotation.setGracePeriod("1h");
              rotation.setMaxGracePeriod("2h");
              rotation.setIdleTimeout("5m");
              rootKey.getSpec().setRotation(rotation);
              Map<String, String> annotations = new HashMap<>();
              if (rootKey.getMetadata().getAnnotations() != null) {
                annotations.putAll(rootKey.getMetadata().getAnnotations());
              }
              annotations.put(RotationAnnotations.ROTATE, "usage-bench");
              rootKey.getMetadata().setAnnotations(annotations);
              return rootKey;
            });
  }

  private static void awaitReplaced(KubernetesClient client, int rotated)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (replaced(client) < rotated) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + rotated + " RootKeys rotated in time");
      }
      Thread.sleep(100);
    }
  }

  private static long replaced(KubernetesClient client) {
    return client
        .resources(RootKey.class)
        .inNamespace(WebhookBenchmark.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(
            rk ->
                rk.getStatus() != null
                    && rk.getStatus().getKeys().stream()
                        .map(KeyRecord::getState)
                        .anyMatch(KeyState.Expiring::equals))
        .count();
  }

  private static long sum(Map<String, Long> writes, String resource) {
    return writes.entrySet().stream()
        .filter(e -> e.getKey().endsWith(" " + resource))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
