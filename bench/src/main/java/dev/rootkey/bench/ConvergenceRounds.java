package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyRecord;
import dev.rootkey.api.v1alpha1.KeyState;
import dev.rootkey.api.v1alpha1.Phase;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RootKeyStatus;
import dev.rootkey.bench.ConvergenceBenchmark.Round;
import dev.rootkey.key.GeneratedKey;
import dev.rootkey.key.KeyGenerator;
import dev.rootkey.operator.RootKeyOperator;
import dev.rootkey.operator.kube.DeliveredSecrets;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 *   <li>operator: started, and timed from its start.
 * </ul>
 *
 * Every side is timed until its server stored the last RootKey Ready.
 */
final class ConvergenceRounds {

  static final String BASELINE_SIDE = "baseline";
  static final String WATCHING_SIDE = "watching";
  static final String OPERATOR_SIDE = "operator";
  static final List<String> SIDES = List.of(BASELINE_SIDE, WATCHING_SIDE, OPERATOR_SIDE);

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
              Set.of(OPERATED))
          .getConfigurationService()
          .concurrentReconciliationThreads();
    }
  }

  /** Runs one timed round of this side. */
  Round next() throws Exception {
    return switch (side) {
      case OPERATOR_SIDE -> operatorRound();
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

  private Round operatorRound() throws Exception {
    try (InProcessApiServer server = new InProcessApiServer()) {
      KubernetesClient client = server.client();
      Operator operator = RootKeyOperator.create(client, clock, generator, Set.of(OPERATED));
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
        // The operator records its Events off the reconcile path: report when the last landed.
        long eventsBefore = before.byKind().getOrDefault(EVENT_WRITES, 0L);
        server.awaitRequests(EVENT_WRITES, eventsBefore + rootKeys, TIMEOUT);
        long lastEvent = System.nanoTime();
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
      done.add(pool.submit(() -> issue(server.client(), rootKey)));
    }
    for (Future<RootKey> future : done) {
      if (!BenchRootKeys.isReady(future.get())) {
        throw new IllegalStateException("baseline left a RootKey not Ready");
      }
    }
    return start;
  }

  /**
   * The same three writes as the operator's issuance, without anything around them, each holding
   * what DESIGN.md's contract asks of it and nothing more: the Secret's label, key-id annotation,
   * owner and type; the status's phase, current key id, key record, last rotation, observed
   * generation and Ready condition. Whatever the operator writes beyond that counts against it.
   */
  private RootKey issue(KubernetesClient client, RootKey rootKey) {
    GeneratedKey key = generator.generate("rk");
    String now = clock.instant().toString();
    KeyRecord record = new KeyRecord();
    record.setId(key.id());
    record.setHash(key.hash());
    record.setStart(key.start());
    record.setState(KeyState.Pending);
    record.setCreatedAt(now);
    RootKeyStatus pending = new RootKeyStatus();
    pending.setPhase(Phase.Pending);
    pending.setKeys(new ArrayList<>(List.of(record)));
    rootKey.setStatus(pending);
    RootKey written = client.resource(rootKey).updateStatus();

    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(rootKey.getMetadata().getName())
            .withNamespace(rootKey.getMetadata().getNamespace())
            .addToLabels(DeliveredSecrets.MANAGED_BY_LABEL, DeliveredSecrets.MANAGED_BY)
            .addToAnnotations(DeliveredSecrets.KEY_ID_ANNOTATION, key.id())
            .addNewOwnerReference()
            .withApiVersion("rootkey.dev/v1alpha1")
            .withKind("RootKey")
            .withName(rootKey.getMetadata().getName())
            .withUid(rootKey.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withType("Opaque")
            .addToData(
                "ROOT_KEY",
                Base64.getEncoder().encodeToString(key.token().getBytes(StandardCharsets.UTF_8)))
            .build();
    client.resource(secret).create();

    record.setState(KeyState.Active);
    RootKeyStatus active = written.getStatus();
    active.setPhase(Phase.Active);
    active.setCurrentKeyId(key.id());
    active.setKeys(List.of(record));
    active.setLastRotationAt(now);
    active.setObservedGeneration(written.getMetadata().getGeneration());
    active.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("KeyActive")
                .withLastTransitionTime(now)
                .build()));
    return client.resource(written).updateStatus();
  }
}
