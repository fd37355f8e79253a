package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyLeak;
import dev.rootkey.api.v1alpha1.RootKey;
import dev.rootkey.api.v1alpha1.RotationSpec;
import dev.rootkey.key.RecordSeal;
import dev.rootkey.webhook.partner.KeySetEndpoint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * kill -9 chaos on kube-apiserver + etcd: two replicas of the packaged operator jar with leader
 * election and the packaged scanner-webhook, RootKeys rotated by annotation and by schedule and
 * leaked through the webhook, while the leader is SIGKILLed at random instants (every other time
 * right after the API server audited one of its writes) and the API server and etcd restart; the
 * invariants are checked on what the harness recorded, as it goes and at the end.
 */
final class ChaosBenchmark {

  static final String NAMESPACE = "chaos";
  private static final int PORT = 18443;
  private static final int ETCD_PORT = 25790;
  private static final String KEY_ID = "chaos-key-1";
  private static final int HISTORY_LIMIT = 20;
  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration AFTER_WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Path OPERATOR_JAR = Path.of("operator/target/rootkey-operator.jar");
  private static final Path WEBHOOK_JAR =
      Path.of("scanner-webhook/target/rootkey-scanner-webhook.jar");

  /** The size of a run. */
  record Settings(
      String name,
      int rootKeys,
      int kills,
      int apiServerRestarts,
      List<String> intervals,
      List<String> gracePeriods,
      Duration rotateEvery,
      Duration leakEvery,
      Duration minGap,
      Duration maxGap,
      Map<String, String> operatorEnv) {

    static Settings full() {
      return new Settings(
          "full",
          200,
          20,
          2,
          List.of("60s", "90s", "120s"),
          List.of("10s", "20s", "30s"),
          Duration.ofMillis(500),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          Map.of());
    }

    static Settings quick() {
      return new Settings(
          "quick",
          40,
          5,
          1,
          List.of("30s", "45s", "60s"),
          List.of("5s", "10s"),
          Duration.ofSeconds(1),
          Duration.ofSeconds(4),
          Duration.ofSeconds(1),
          Duration.ofSeconds(4),
          Map.of());
    }

    /**
     * These settings with the operators holding the Lease by other timings (as the chart's
     * operator.leaderElection values set them): {@code leaseDuration,renewDeadline,retryPeriod}.
     */
    Settings withLease(String timings) {
      String[] parts = timings.split(",", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "--chaos-lease takes leaseDuration,renewDeadline,retryPeriod, e.g. 6s,4s,1s");
      }
      return new Settings(
          name,
          rootKeys,
          kills,
          apiServerRestarts,
          intervals,
          gracePeriods,
          rotateEvery,
          leakEvery,
          minGap,
          maxGap,
          Map.of(
              "LEASE_DURATION", parts[0].strip(),
              "LEASE_RENEW_DEADLINE", parts[1].strip(),
              "LEASE_RETRY_PERIOD", parts[2].strip()));
    }
  }

  /** One kill: what was under way, how soon after a write, how long until all converged again. */
  record Kill(boolean afterWrite, long afterWriteMicros, int issuing, long recoveryMs) {}

  record Result(
      Settings settings,
      List<Kill> kills,
      List<Long> apiServerRecoveryMs,
      int operatorSelfExits,
      long auditedWrites,
      int rotateRequests,
      Map<String, Integer> rotationsByReason,
      int leaks,
      long[] leakValidAfterAlertMs,
      int verifications,
      int tokens,
      long leaseDurationS,
      long seconds,
      List<String> violations) {

    /** The figures for results.json, each explained in docs/benchmarks.md. */
    Map<String, Object> figures() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("chaos_run", settings.name());
      f.put("chaos_rootkeys", settings.rootKeys());
      f.put("chaos_seconds", seconds);
      f.put("chaos_kills", kills.size());
      f.put("chaos_kills_after_write", kills.stream().filter(Kill::afterWrite).count());
      long[] afterWrite =
          kills.stream().filter(Kill::afterWrite).mapToLong(Kill::afterWriteMicros).toArray();
      if (afterWrite.length > 0) {
        f.put("chaos_kill_after_write_p50_us", Percentiles.of(afterWrite).p50());
        f.put("chaos_kill_after_write_max_us", Percentiles.of(afterWrite).max());
      }
      f.put("chaos_issuances_interrupted", kills.stream().mapToInt(Kill::issuing).sum());
      f.put("chaos_apiserver_restarts", apiServerRecoveryMs.size());
      f.put("chaos_operator_self_exits", operatorSelfExits);
      f.put("chaos_lease_duration_s", leaseDurationS);
      long[] recovered = kills.stream().mapToLong(Kill::recoveryMs).filter(ms -> ms >= 0).toArray();
      if (recovered.length > 0) {
        Percentiles recovery = Percentiles.of(recovered);
        f.put("chaos_recovery_p50_ms", recovery.p50());
        f.put("chaos_recovery_p99_ms", recovery.p99());
        f.put("chaos_recovery_max_ms", recovery.max());
      }
      f.put("chaos_apiserver_recovery_ms", apiServerRecoveryMs);
      f.put("chaos_audited_writes", auditedWrites);
      f.put("chaos_rotate_requests", rotateRequests);
      f.put(
          "chaos_rotations", rotationsByReason.values().stream().mapToInt(Integer::intValue).sum());
      f.put("chaos_rotations_by_reason", rotationsByReason);
      f.put("chaos_leaks", leaks);
      if (leakValidAfterAlertMs.length > 0) {
        Percentiles exposure = Percentiles.of(leakValidAfterAlertMs);
        f.put("chaos_leak_valid_after_alert_p50_ms", exposure.p50());
        f.put("chaos_leak_valid_after_alert_p99_ms", exposure.p99());
        f.put("chaos_leak_valid_after_alert_max_ms", exposure.max());
      }
      f.put("chaos_verifications", verifications);
      f.put("chaos_keys_seen", tokens);
      f.put("chaos_violations", violations.size());
      f.put("chaos_violation_details", violations.stream().limit(20).toList());
      return f;
    }
  }

  private final Settings settings;
  private final Clock clock = Clock.systemUTC();
  private final Random random = new Random();
  private final ChaosRecorder recorder = new ChaosRecorder();
  private final Set<String> harnessViolations = new LinkedHashSet<>();
  private final Set<String> reported = new HashSet<>();
  private final List<String> names = new ArrayList<>();

  private ChaosBenchmark(Settings settings) {
    this.settings = settings;
    for (int i = 0; i < settings.rootKeys(); i++) {
      names.add("rk-" + i);
    }
  }

  static Optional<String> missing() {
    Optional<String> server = RealApiServer.missing();
    if (server.isPresent()) {
      return server;
    }
    for (Path jar : List.of(OPERATOR_JAR, WEBHOOK_JAR)) {
      if (!Files.isRegularFile(jar)) {
        return Optional.of("no " + jar + " (bench/run packages it)");
      }
    }
    return Optional.empty();
  }

  static Result run(Settings settings) throws Exception {
    return new ChaosBenchmark(settings).run();
  }

  private Result run() throws Exception {
    long started = System.nanoTime();
    Path work = Files.createTempDirectory("rootkey-chaos");
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path policy = work.resolve("audit-policy.yaml");
    Files.writeString(policy, AuditTail.POLICY);
    try (RealApiServer server =
            RealApiServer.start(PORT, ETCD_PORT, Map.of("AUDIT_POLICY", policy.toString()));
        KubernetesClient client = RealApiServer.client(server.kubeconfig())) {
      BenchRootKeys.namespace(client, NAMESPACE);
      byte[] sealKey = new byte[RecordSeal.MIN_KEY_BYTES];
      new SecureRandom().nextBytes(sealKey);
      Map<String, String> env = new HashMap<>();
      env.put("KUBECONFIG", server.kubeconfig().toAbsolutePath().toString());
      env.put(RecordSeal.VARIABLE, Base64.getEncoder().encodeToString(sealKey));
      env.put("ROOTKEY_NAMESPACES", NAMESPACE);
      AlertSigner signer = AlertSigner.p256();
      int webhookPort;
      try (ServerSocket probe = new ServerSocket(0)) {
        webhookPort = probe.getLocalPort();
      }
      try (KeySetEndpoint keys = KeySetEndpoint.serve(signer.keySetDocument(KEY_ID));
          OperatorReplicas replicas =
              new OperatorReplicas(
                  OPERATOR_JAR, logs, client, NAMESPACE, operatorEnv(env, settings));
          PackagedJarProcess webhook = startWebhook(logs, env, keys.url(), webhookPort)) {
        replicas.startAll();
        Result result;
        try (ChaosWatch watch = new ChaosWatch(client, NAMESPACE, recorder, clock)) {
          createRootKeys(client);
          progress("waiting for " + names.size() + " RootKeys to converge");
          if (awaitAllConverged(watch, CONVERGE_TIMEOUT).isPresent()) {
            throw new IllegalStateException(
                "the RootKeys did not converge before the chaos began: "
                    + ConvergedRootKeys.violations(watch.views()).stream().limit(5).toList());
          }
          awaitWebhook(webhookPort);
          result = chaos(server, client, replicas, watch, webhook, webhookPort, signer, started);
        }
        replicas.close();
        webhook.close();
        List<Path> logFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
          files.sorted().forEach(logFiles::add);
        }
        for (String name : List.of("apiserver.log", "etcd.log", "audit.log")) {
          logFiles.add(server.file(name));
        }
        List<String> violations = new ArrayList<>(result.violations());
        violations.addAll(PlaintextInLogs.violations(logFiles, recorder.tokens()));
        return withViolations(result, violations, (System.nanoTime() - started) / 1_000_000_000);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static Result withViolations(Result r, List<String> violations, long seconds) {
    return new Result(
        r.settings(),
        r.kills(),
        r.apiServerRecoveryMs(),
        r.operatorSelfExits(),
        r.auditedWrites(),
        r.rotateRequests(),
        r.rotationsByReason(),
        r.leaks(),
        r.leakValidAfterAlertMs(),
        r.verifications(),
        r.tokens(),
        r.leaseDurationS(),
        seconds,
        List.copyOf(new LinkedHashSet<>(violations)));
  }

  private static Map<String, String> operatorEnv(Map<String, String> env, Settings settings) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(settings.operatorEnv());
    return all;
  }

  private PackagedJarProcess startWebhook(Path logs, Map<String, String> env, URI keysUrl, int port)
      throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("PORT", String.valueOf(port));
    all.put("BIND_ADDRESS", "127.0.0.1");
    all.put("ADMISSION_PORT", "off");
    all.put("GITHUB_KEYS_URL", keysUrl.toString());
    return PackagedJarProcess.start(WEBHOOK_JAR, logs.resolve("scanner-webhook.log"), all);
  }

  private void createRootKeys(KubernetesClient client) throws Exception {
    BenchRootKeys.createAll(
        client,
        names.size(),
        i -> {
          RootKey rootKey = BenchRootKeys.rootKey(NAMESPACE, names.get(i));
          RotationSpec rotation = new RotationSpec();
          rotation.setInterval(settings.intervals().get(i % settings.intervals().size()));
          rotation.setGracePeriod(settings.gracePeriods().get(i % settings.gracePeriods().size()));
          rotation.setHistoryLimit(HISTORY_LIMIT);
          rootKey.getSpec().setRotation(rotation);
          return rootKey;
        });
  }

  private static void awaitWebhook(int port) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (PackagedJarProcess.status(http, port, "/readyz") != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the scanner-webhook was not ready within 3 minutes");
      }
      Thread.sleep(200);
    }
  }

  private Result chaos(
      RealApiServer server,
      KubernetesClient client,
      OperatorReplicas replicas,
      ChaosWatch watch,
      PackagedJarProcess webhook,
      int webhookPort,
      AlertSigner signer,
      long started)
      throws Exception {
    List<Kill> kills = new ArrayList<>();
    List<Long> apiServerRecoveries = new ArrayList<>();
    Set<Integer> restartBefore = new HashSet<>();
    for (int r = 1; r <= settings.apiServerRestarts(); r++) {
      restartBefore.add(settings.kills() * r / (settings.apiServerRestarts() + 1));
    }
    long leaseDurationS =
        replicas
            .lease()
            .map(Lease::getSpec)
            .map(s -> (long) s.getLeaseDurationSeconds())
            .orElse(-1L);
    Thread supervisor =
        background("chaos-supervisor", Duration.ofMillis(500), replicas::restartEnded);
    Thread checker =
        background(
            "chaos-checker",
            Duration.ofSeconds(15),
            () -> {
              report(continuousViolations());
              return null;
            });
    try (AuditTail audit = AuditTail.follow(server.file("audit.log"));
        ChaosWorkload workload =
            new ChaosWorkload(
                client,
                NAMESPACE,
                names,
                URI.create("http://127.0.0.1:" + webhookPort),
                signer,
                KEY_ID,
                recorder,
                clock,
                random,
                SETTLE)) {
      workload.start(settings.rotateEvery(), settings.leakEvery());
      while (kills.size() < settings.kills()) {
        if (restartBefore.remove(kills.size())) {
          apiServerRecoveries.add(restartApiServer(server, replicas, watch));
        }
        Optional<String> leader = awaitLeader(replicas);
        if (leader.isEmpty()) {
          harnessViolations.add("no live leader within " + RECOVERY_TIMEOUT);
          break;
        }
        Thread.sleep(gap().toMillis());
        boolean afterWrite = kills.size() % 2 == 1;
        Optional<Instant> wrote =
            afterWrite ? audit.awaitNextWrite(AFTER_WRITE_TIMEOUT) : Optional.empty();
        Instant killed = clock.instant();
        long pid = replicas.killAndRestart(leader.get());
        if (pid < 0) {
          continue;
        }
        // Nobody leads until the dead leader's Lease runs out: what it left half done stays so.
        int issuing = issuancesUnderWay(client);
        // From when the API server finished the write (its audit line's stageTimestamp).
        long afterWriteMicros =
            wrote.map(w -> Duration.between(w, killed).toNanos() / 1_000).orElse(-1L);
        Optional<Recovery> recovery = awaitRecovered(replicas, watch, killed, leader.get());
        Kill kill =
            new Kill(
                wrote.isPresent(),
                afterWriteMicros,
                issuing,
                recovery.map(Recovery::ms).orElse(-1L));
        kills.add(kill);
        progress(
            String.format(
                "kill %d/%d: pid %d (%s)%s, %d issuances under way, converged again after %s",
                kills.size(),
                settings.kills(),
                pid,
                leader.get(),
                kill.afterWrite() ? " " + afterWriteMicros + " us after an audited write" : "",
                issuing,
                recovery.map(r -> r.ms() + " ms, the last " + r.last()).orElse("never")));
        if (!webhook.isAlive()) {
          harnessViolations.add("the scanner-webhook exited; see its log");
          break;
        }
      }
      progress("chaos over: stopping the rotations and leaks, waiting for convergence");
      workload.stopRotating();
      Optional<List<String>> unconverged = awaitAllConverged(watch, CONVERGE_TIMEOUT);
      unconverged.ifPresent(harnessViolations::addAll);
      workload.probeAll(Duration.ofMinutes(3));
      List<LeaksAnswered.Leak> keyLeaks = awaitKeyLeaksAnswered(client, Duration.ofMinutes(2));
      Instant probedUntil = clock.instant();
      supervisor.interrupt();
      checker.interrupt();
      List<String> violations = new ArrayList<>(harnessViolations);
      violations.addAll(continuousViolations(probedUntil));
      violations.addAll(LeaksAnswered.violations(recorder.leaked(), recorder.answers(), keyLeaks));
      return new Result(
          settings,
          kills,
          apiServerRecoveries,
          replicas.selfExits(),
          audit.writes(),
          recorder.rotateValuesSet(),
          rotationsByReason(),
          workload.leaks(),
          LeakExposure.validAfterAlertMs(recorder.alertAnswered(), recorder.answers()),
          recorder.answers().size(),
          recorder.tokens().size(),
          leaseDurationS,
          (System.nanoTime() - started) / 1_000_000_000,
          violations);
    } finally {
      supervisor.interrupt();
      checker.interrupt();
    }
  }

  /** RootKeys whose status records an issuance under way (a Pending key), as the API has them. */
  private static int issuancesUnderWay(KubernetesClient client) {
    try {
      return (int)
          client.resources(RootKey.class).inNamespace(NAMESPACE).list().getItems().stream()
              .filter(r -> r.getStatus() != null && r.getStatus().getIssuing() != null)
              .count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private Duration gap() {
    long min = settings.minGap().toMillis();
    long max = settings.maxGap().toMillis();
    synchronized (random) {
      return Duration.ofMillis(min + (long) (random.nextDouble() * (max - min)));
    }
  }

  /**
   * Restarts the API server and etcd (data kept) and returns the ms from the stop until every
   * RootKey was seen converged under a live leader; -1 if not within the timeout.
   */
  private long restartApiServer(RealApiServer server, OperatorReplicas replicas, ChaosWatch watch)
      throws Exception {
    progress("restarting kube-apiserver and etcd (data kept)");
    Instant from = clock.instant();
    server.restart();
    Optional<Recovery> recovered = awaitRecovered(replicas, watch, from, null);
    progress(
        "kube-apiserver and etcd restarted; converged again after "
            + recovered.map(r -> r.ms() + " ms, the last " + r.last()).orElse("never"));
    return recovered.map(Recovery::ms).orElse(-1L);
  }

  private Optional<String> awaitLeader(OperatorReplicas replicas) throws InterruptedException {
    Instant deadline = clock.instant().plus(RECOVERY_TIMEOUT);
    while (clock.instant().isBefore(deadline)) {
      Optional<String> holder = replicas.holder();
      if (holder.isPresent() && replicas.liveSlot(holder.get()).isPresent()) {
        return holder;
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  /** How long until all converged again, and which RootKey was last and why it waited. */
  record Recovery(long ms, String last) {}

  /**
   * Ms from {@code from} until a live replica other than {@code killed} holds the Lease and then
   * every RootKey was seen converged (with every rotate request it had acted on); empty if not
   * within the timeout. The Lease's duration bounds it from below.
   */
  private Optional<Recovery> awaitRecovered(
      OperatorReplicas replicas, ChaosWatch watch, Instant from, String killed)
      throws InterruptedException {
    Instant deadline = from.plus(RECOVERY_TIMEOUT);
    while (true) {
      Optional<String> holder = replicas.holder();
      if (holder.isPresent()
          && !holder.get().equals(killed)
          && replicas.liveSlot(holder.get()).isPresent()) {
        break;
      }
      if (clock.instant().isAfter(deadline)) {
        return Optional.empty();
      }
      Thread.sleep(100);
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> waiting = new HashMap<>();
    String last = "";
    while (clock.instant().isBefore(deadline)) {
      for (ConvergedRootKeys.View view : watch.views()) {
        Optional<String> problem = ConvergedRootKeys.problem(view);
        if (problem.isEmpty()) {
          if (seen.add(view.name())) {
            last = view.name() + " (" + waiting.getOrDefault(view.name(), "converged") + ")";
          }
        } else if (!seen.contains(view.name())) {
          waiting.put(view.name(), problem.get());
        }
      }
      if (seen.size() == names.size()) {
        return Optional.of(new Recovery(Duration.between(from, clock.instant()).toMillis(), last));
      }
      Thread.sleep(200);
    }
    harnessViolations.add(
        "not converged again within "
            + RECOVERY_TIMEOUT
            + " of "
            + from
            + ": "
            + waiting.entrySet().stream()
                .filter(e -> !seen.contains(e.getKey()))
                .limit(5)
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList());
    return Optional.empty();
  }

  /** Empty once every RootKey has converged at once; else, at the timeout, why not. */
  private Optional<List<String>> awaitAllConverged(ChaosWatch watch, Duration timeout)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      List<ConvergedRootKeys.View> views = watch.views();
      List<String> problems = ConvergedRootKeys.violations(views);
      if (views.size() == names.size() && problems.isEmpty()) {
        return Optional.empty();
      }
      if (clock.instant().isAfter(deadline)) {
        List<String> all = new ArrayList<>(problems);
        if (views.size() != names.size()) {
          all.add("the watch holds " + views.size() + " of " + names.size() + " RootKeys");
        }
        return Optional.of(all);
      }
      Thread.sleep(500);
    }
  }

  private List<LeaksAnswered.Leak> awaitKeyLeaksAnswered(KubernetesClient client, Duration timeout)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      try {
        List<LeaksAnswered.Leak> leaks =
            client.resources(KeyLeak.class).inNamespace(NAMESPACE).list().getItems().stream()
                .map(
                    l ->
                        new LeaksAnswered.Leak(
                            l.getMetadata().getName(),
                            l.getSpec() == null ? null : l.getSpec().getTokenHash(),
                            l.getStatus() == null || l.getStatus().getAction() == null
                                ? null
                                : l.getStatus().getAction().toString()))
                .toList();
        if (leaks.stream().allMatch(l -> l.action() != null) || clock.instant().isAfter(deadline)) {
          return leaks;
        }
      } catch (RuntimeException e) {
        if (clock.instant().isAfter(deadline)) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
  }

  private List<String> continuousViolations() {
    return continuousViolations(clock.instant());
  }

  /**
   * The invariants judged on what was recorded so far; answers younger than the settle time wait.
   */
  private List<String> continuousViolations(Instant now) {
    List<ChaosStatus> statuses = recorder.statuses();
    List<VerifyAnswer> answers = recorder.answers();
    Set<String> leaked = recorder.leaked().keySet();
    Set<String> verified = new HashSet<>();
    answers.stream().filter(VerifyAnswer::valid).forEach(a -> verified.add(a.hash()));
    List<String> violations = new ArrayList<>();
    violations.addAll(OneActiveKeyAtATime.violations(statuses));
    violations.addAll(SecretKeysVerify.violations(recorder.secretProbes(), leaked, SETTLE, now));
    violations.addAll(
        VerifiedKeysKept.statusViolations(statuses, verified, leaked, MARGIN, HISTORY_LIMIT));
    violations.addAll(
        VerifiedKeysKept.answerViolations(answers, statuses, leaked, MARGIN, SETTLE, now));
    violations.addAll(OneRotationPerAnnotation.violations(statuses, recorder.rotateValues()));
    return violations;
  }

  private void report(List<String> violations) {
    for (String violation : violations) {
      if (reported.add(violation)) {
        progress("VIOLATION " + violation);
      }
    }
  }

  /** Keys replaced, by the reason recorded on them, over every status seen. */
  private Map<String, Integer> rotationsByReason() {
    Map<String, Set<String>> replaced = new LinkedHashMap<>();
    for (ChaosStatus status : recorder.statuses()) {
      for (ChaosRecord record : status.records()) {
        if (record.reason() != null) {
          replaced
              .computeIfAbsent(record.reason().toString(), r -> new HashSet<>())
              .add(status.rootKey() + "/" + record.id());
        }
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    replaced.forEach((reason, keys) -> counts.put(reason, keys.size()));
    return counts;
  }

  private interface Step {
    Object run() throws Exception;
  }

  private static Thread background(String name, Duration period, Step step) {
    Thread thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  step.run();
                  Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // The API server is down for a moment: again on the next turn.
                }
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void progress(String what) {
    System.err.println("== chaos: " + what);
  }
}
