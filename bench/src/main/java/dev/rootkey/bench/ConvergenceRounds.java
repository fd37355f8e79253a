package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.bench.ConvergenceBenchmark.Round;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.operator.RootKeyOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One round of one side of the convergence comparison, run in this JVM, each on a fresh in-process
 * API server holding the same N RootKeys, created before the clock starts, so that no round pays
 * for what another stored:
 *
 * <ul>
 *   <li>baseline: a fixed pool with as many threads as the operator reconciles with does only the
 *       writes that issuance needs (status Pending, Secret create, status Active);
 *   <li>watching: the same loop with the two watches the operator keeps open ({@link
 *       OperatorWatches}), opened before the clock starts;
 *   <li>sdk: the SDK floor, an operator on the same SDK whose reconciler makes only the loop's
 *       writes ({@link BareSdkReconciler}), started and timed as the operator is;
 *   <li>operator: started, and timed from its start.
 * </ul>
 *
 * Every side is timed until its server stored the last RootKey Ready.
 */
final class ConvergenceRounds {

  static final String BASELINE_SIDE = "baseline";
  static final String WATCHING_SIDE = "watching";
  static final String SDK_SIDE = "sdk";
  static final String OPERATOR_SIDE = "operator";
  static final List<String> SIDES = List.of(BASELINE_SIDE, WATCHING_SIDE, SDK_SIDE, OPERATOR_SIDE);

  /**
   * What {@code bench/run} compares by default: the watching loop is left out, as four sides do not
   * fit its 10 minutes, and the SDK floor includes the same watches.
   */
  static final List<String> DEFAULT_SIDES = List.of(BASELINE_SIDE, SDK_SIDE, OPERATOR_SIDE);

  private static final String BASELINE = "convergence-baseline";
  private static final String WATCHING = "convergence-watching";
  private static final String OPERATED = "convergence-operator";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(30);
  private static final String EVENT_WRITES = "POST events";

  private final String side;
  private final int rootKeys;
  private final int threads = reconcileThreads();
  private final Clock clock = Clock.systemUTC();
  private final KeyGenerator generator = new KeyGenerator(new SecureRandom());
  private final RecordSeal seal = RecordSeal.random(new SecureRandom());
  private final IssuanceWrites writes = new IssuanceWrites(generator, clock);

  ConvergenceRounds(String side, int rootKeys) {
    if (!SIDES.contains(side)) {
      throw new IllegalArgumentException("no side " + side + ": one of " + SIDES);
    }
    this.side = side;
    this.rootKeys = rootKeys;
  }

  /** The operator's reconcile threads, as its production configuration sets them. */
  static int reconcileThreads() {
    try (InProcessApiServer server = new InProcessApiServer()) {
      return RootKeyOperator.create(
              server.client(),
              Clock.systemUTC(),
              new KeyGenerator(new SecureRandom()),
              RecordSeal.random(new SecureRandom()),
              Set.of(OPERATED))
          .getConfigurationService()
          .concurrentReconciliationThreads();
    }
  }

  /** Runs one timed round of this side. */
  Round next() throws Exception {
    return switch (side) {
      case OPERATOR_SIDE ->
          operatedRound(
              client -> RootKeyOperator.create(client, clock, generator, seal, Set.of(OPERATED)),
              true);
      case SDK_SIDE ->
          operatedRound(client -> BareSdkReconciler.operator(client, writes, OPERATED), false);
      case WATCHING_SIDE -> baselineRound(WATCHING, true);
      default -> baselineRound(BASELINE, false);
    };
  }

  private Round baselineRound(String namespace, boolean watching) throws Exception {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      BenchRootKeys.namespace(client, namespace);
      List<RootKey> waiting =
          BenchRootKeys.createAll(
              client, rootKeys, i -> BenchRootKeys.rootKey(namespace, "rk-" + i));
      // Shut down only after the round's CPU by thread is read: its threads would go unseen.
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try (OperatorWatches watches = watching ? OperatorWatches.open(client, namespace) : null) {
        RequestCounts before = server.requests();
        // The threads' snapshots within the process's: no thread's time is counted twice.
        JvmActivity activityBefore = JvmActivity.now();
        ThreadCpu threadsBefore = ThreadCpu.now();
        long start = issueAll(pool, server, waiting);
        // Timed as the operator is: until the server stored the last RootKey Ready.
        long lastReady = server.readyTimes().awaitReady(namespace, rootKeys, TIMEOUT);
        ThreadCpu threadsAfter = ThreadCpu.now();
        JvmActivity activity = JvmActivity.now().since(activityBefore);
        return new Round(
            (lastReady - start) / 1_000_000,
            (server.readyTimes().firstReady(namespace) - start) / 1_000_000,
            0,
            activity.cpuMs(),
            threadsAfter.msSince(threadsBefore, activity.cpuNanos()),
            activity.threadsStarted(),
            activity.gcMs(),
            activity.jitMs(),
            server.requests().since(before).byKind(),
            // Each write comes back as one event: two status writes and a Secret per RootKey.
            watches == null ? 0 : watches.awaitEvents(3L * rootKeys, EVENTS_TIMEOUT));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * One round of an operator on the SDK, made for the round's server by {@code operatorFor}: timed
   * from its start until the last RootKey is Ready, then, if {@code recordsEvents}, until its last
   * Event is written too.
   */
  private Round operatedRound(
      Function<KubernetesClient, Operator> operatorFor, boolean recordsEvents) throws Exception {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      Operator operator = operatorFor.apply(client);
      BenchRootKeys.namespace(client, OPERATED);
      BenchRootKeys.createAll(client, rootKeys, i -> BenchRootKeys.rootKey(OPERATED, "rk-" + i));
      RequestCounts before = server.requests();
      // The threads' snapshots within the process's: no thread's time is counted twice.
      JvmActivity activityBefore = JvmActivity.now();
      ThreadCpu threadsBefore = ThreadCpu.now();
      long start = System.nanoTime();
      operator.start();
      try {
        long lastReady = server.readyTimes().awaitReady(OPERATED, rootKeys, TIMEOUT);
        ThreadCpu threadsAfter = ThreadCpu.now();
        JvmActivity activity = JvmActivity.now().since(activityBefore);
        Map<String, Long> cpuByThread = threadsAfter.msSince(threadsBefore, activity.cpuNanos());
        RequestCounts requests = server.requests().since(before);
        long lastEvent = start;
        if (recordsEvents) {
          // The operator records its Events off the reconcile path: report when the last landed.
          long eventsBefore = before.byKind().getOrDefault(EVENT_WRITES, 0L);
          server.awaitRequests(EVENT_WRITES, eventsBefore + rootKeys, TIMEOUT);
          lastEvent = System.nanoTime();
        }
        return new Round(
            (lastReady - start) / 1_000_000,
            (server.readyTimes().firstReady(OPERATED) - start) / 1_000_000,
            (lastEvent - start) / 1_000_000,
            activity.cpuMs(),
            cpuByThread,
            activity.threadsStarted(),
            activity.gcMs(),
            activity.jitMs(),
            requests.byKind(),
            0);
      } finally {
        operator.stop();
      }
    }
  }

  /** Issues a key to each RootKey from {@code pool}; returns when it started (System.nanoTime). */
  private long issueAll(ExecutorService pool, InProcessApiServer server, List<RootKey> rootKeys)
      throws Exception {
    long start = System.nanoTime();
    List<Future<RootKey>> done = new ArrayList<>(rootKeys.size());
    for (RootKey rootKey : rootKeys) {
      done.add(pool.submit(() -> writes.issue(server.client(), rootKey)));
    }
    for (Future<RootKey> future : done) {
      if (!BenchRootKeys.isReady(future.get())) {
        throw new IllegalStateException("baseline left a RootKey not Ready");
      }
    }
    return start;
  }
}
