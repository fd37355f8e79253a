package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One side of the convergence comparison on a real API server, alone in a fresh JVM: arguments side
 * (baseline, sdk or operator), kubeconfig, namespace, N RootKeys and the baseline's threads. It
 * creates the namespace and N RootKeys, prints {@link #CREATED}, waits for a line on stdin, then
 * issues their keys (the plain loop with {@link IssuanceWrites}, or the SDK floor or the operator
 * started) on one client made from the kubeconfig, prints {@link #REPORT} with the ms until the
 * last RootKey was seen Ready, and deletes the RootKeys and Secrets it made.
 */
public final class RealConvergenceSideProcess {

  static final String CREATED = "created";
  static final String REPORT = "report ";

  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final Duration CLEAN_UP = Duration.ofMinutes(2);

  private RealConvergenceSideProcess() {}

  public static void main(String[] args) {
    ChildMain.run(() -> serve(args));
  }

  private static void serve(String[] args) throws Exception {
    String side = args[0];
    if (!RealConvergenceBenchmark.SIDES.contains(side)) {
      throw new IllegalArgumentException(
          "no side " + side + ": one of " + RealConvergenceBenchmark.SIDES);
    }
    String namespace = args[2];
    int rootKeys = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    Clock clock = Clock.systemUTC();
    KeyGenerator generator = new KeyGenerator(new SecureRandom());
    KubernetesClient client = RealApiServer.client(Path.of(args[1]));
    BenchRootKeys.namespace(client, namespace);
    List<RootKey> created =
        BenchRootKeys.createAll(client, rootKeys, i -> BenchRootKeys.rootKey(namespace, "rk-" + i));
    try (ReadyTracker ready = ReadyTracker.watch(client, namespace)) {
      System.out.println(CREATED);
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long start = System.nanoTime();
      if (!side.equals(ConvergenceRounds.BASELINE_SIDE)) {
        Operator operator =
            side.equals(ConvergenceRounds.OPERATOR_SIDE)
                ? RootKeyOperator.create(
                    client,
                    clock,
                    generator,
                    RecordSeal.random(new SecureRandom()),
                    Set.of(namespace))
                : BareSdkReconciler.operator(
                    client, new IssuanceWrites(generator, clock), namespace);
        operator.start();
        long lastReady = ready.awaitReady(rootKeys, TIMEOUT);
        System.out.println(REPORT + (lastReady - start) / 1_000_000);
        operator.stop();
      } else {
        IssuanceWrites writes = new IssuanceWrites(generator, clock);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<RootKey>> issued = new ArrayList<>(rootKeys);
        for (RootKey rootKey : created) {
          issued.add(pool.submit(() -> writes.issue(client, rootKey)));
        }
        long lastReady = ready.awaitReady(rootKeys, TIMEOUT);
        System.out.println(REPORT + (lastReady - start) / 1_000_000);
        for (Future<RootKey> future : issued) {
          future.get();
        }
        pool.shutdown();
      }
    }
    removeWhatWasMade(client, namespace);
    client.close();
  }

  /**
   * Leaves the server as this side found it, after its report: the sides after it would otherwise
   * work on an etcd holding N more RootKeys and Secrets, and be slower for it (no garbage collector
   * runs beside this API server to remove the Secrets with their RootKeys).
   */
  private static void removeWhatWasMade(KubernetesClient client, String namespace)
      throws InterruptedException {
    client.resources(RootKey.class).inNamespace(namespace).delete();
    client.secrets().inNamespace(namespace).delete();
    long deadline = System.nanoTime() + CLEAN_UP.toNanos();
    while (!client.resources(RootKey.class).inNamespace(namespace).list().getItems().isEmpty()
        || !client.secrets().inNamespace(namespace).list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(namespace + " still holds RootKeys or Secrets");
      }
      Thread.sleep(200);
    }
  }
}
