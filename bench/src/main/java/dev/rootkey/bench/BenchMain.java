package dev.rootkey.bench;

import static dev.rootkey.bench.ConvergenceRounds.BASELINE_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.OPERATOR_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.SDK_SIDE;
import static dev.rootkey.bench.ConvergenceRounds.WATCHING_SIDE;

import dev.rootkey.bench.ConvergenceBenchmark.Round;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the benchmarks, prints a table of figures with their targets and writes them as JSON. */
public final class BenchMain {

  // Pairs of closed-loop rounds behind verify_ratio: an odd count has a true median.
  private static final int VERIFY_RATIO_ROUNDS = 5;

  private static final String USAGE =
      "usage: bench/run [--quick] [--rootkeys N] [--convergence-rootkeys N]"
          + " [--convergence-warmups N] [--convergence-rounds N]"
          + " [--convergence-sides baseline,watching,sdk,operator] [--heap-rootkeys N] [--leaks N]"
          + " [--latency-rates R,R] [--latency-window-s S] [--usage-rootkeys N]"
          + " [--real-apiserver] [--real-rootkeys N] [--real-rounds N] [--chaos | --chaos-quick]"
          + " [--chaos-lease D,R,P]"
          + " [--only convergence,rotation,webhook,usage,latency,jmh,heap,real-apiserver,chaos]"
          + " [--results FILE]";

  private BenchMain() {}

  /** A figure that is one convergence side's time over another's, if both ran. */
  private record SideRatio(String figure, String over, String under) {}

  private static final List<SideRatio> SIDE_RATIOS =
      List.of(
          // What the SDK itself costs, watches included, and what the operator's work adds.
          new SideRatio("convergence_sdk_floor_ratio", SDK_SIDE, BASELINE_SIDE),
          new SideRatio("convergence_ratio_to_sdk_floor", OPERATOR_SIDE, SDK_SIDE),
          // What watching alone costs, and the rest.
          new SideRatio("convergence_watching_baseline_ratio", WATCHING_SIDE, BASELINE_SIDE),
          new SideRatio("convergence_ratio_to_watching_baseline", OPERATOR_SIDE, WATCHING_SIDE));

  /** A figure's target, for the table: what it must satisfy and how that reads. */
  private record Target(String text, DoublePredicate met) {}

  public static void main(String[] args) throws Exception {
    int rotatingRootKeys = 1_000;
    int convergenceRootKeys = 5_000;
    int heapRootKeys = 10_000;
    int leaks = 200;
    int convergenceWarmUps = 4;
    int convergenceRounds = 3;
    List<String> convergenceSides = ConvergenceRounds.DEFAULT_SIDES;
    Duration warmUp = Duration.ofSeconds(5);
    Duration window = Duration.ofSeconds(10);
    int jmhIterations = 5;
    List<Integer> latencyRates = List.of(1_000, 5_000);
    Duration latencyWarmUp = Duration.ofSeconds(5);
    Duration latencyWindow = Duration.ofSeconds(20);
    Duration ladderWarmUp = Duration.ofSeconds(1);
    Duration ladderStep = Duration.ofSeconds(5);
    boolean realApiServer = false;
    int realRootKeys = 5_000;
    int realRounds = 1;
    int usageRootKeys = 1_000;
    Duration usageWarmUp = Duration.ofSeconds(10);
    Duration usageWindow = Duration.ofSeconds(60);
    ChaosBenchmark.Settings chaos = null;
    String chaosLease = null;
    Path results = Path.of("bench/target/results.json");
    Set<String> only = Set.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          rotatingRootKeys = 200;
          convergenceRootKeys = 500;
          convergenceWarmUps = 1;
          convergenceRounds = 1;
          heapRootKeys = 1_000;
          leaks = 20;
          warmUp = Duration.ofSeconds(2);
          window = Duration.ofSeconds(3);
          jmhIterations = 2;
          latencyWarmUp = Duration.ofSeconds(2);
          latencyWindow = Duration.ofSeconds(5);
          ladderStep = Duration.ofSeconds(2);
          realRootKeys = 500;
          usageRootKeys = 200;
          usageWarmUp = Duration.ofSeconds(5);
          usageWindow = Duration.ofSeconds(20);
        }
        case "--real-apiserver" -> realApiServer = true;
        case "--real-rootkeys" -> realRootKeys = Integer.parseInt(args[++i]);
        case "--real-rounds" -> realRounds = Integer.parseInt(args[++i]);
        case "--chaos" -> chaos = ChaosBenchmark.Settings.full();
        case "--chaos-quick" -> chaos = ChaosBenchmark.Settings.quick();
        case "--chaos-lease" -> chaosLease = args[++i];
        case "--latency-rates" ->
            latencyRates = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--latency-window-s" -> latencyWindow = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--rootkeys" -> rotatingRootKeys = Integer.parseInt(args[++i]);
        case "--convergence-rootkeys" -> convergenceRootKeys = Integer.parseInt(args[++i]);
        case "--convergence-warmups" -> convergenceWarmUps = Integer.parseInt(args[++i]);
        case "--convergence-rounds" -> convergenceRounds = Integer.parseInt(args[++i]);
        case "--convergence-sides" -> convergenceSides = List.of(args[++i].split(","));
        case "--heap-rootkeys" -> heapRootKeys = Integer.parseInt(args[++i]);
        case "--leaks" -> leaks = Integer.parseInt(args[++i]);
        case "--usage-rootkeys" -> usageRootKeys = Integer.parseInt(args[++i]);
        case "--results" -> results = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    Map<String, Target> targets = new LinkedHashMap<>();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("java", System.getProperty("java.version"));

    if (runs(only, "convergence")) {
      progress("convergence of " + convergenceRootKeys + " RootKeys");
      ConvergenceBenchmark.Result convergence =
          ConvergenceBenchmark.run(
              convergenceRootKeys, convergenceWarmUps, convergenceRounds, convergenceSides);
      figures.put("convergence_rootkeys", convergence.rootKeys());
      figures.put("convergence_threads", convergence.threads());
      figures.put("convergence_warmup_rounds", convergence.warmUpRounds());
      figures.put("convergence_rounds", convergence.rounds());
      figures.put(
          "convergence_round_ratios",
          convergence.roundRatios().stream().map(r -> round(r, 2)).toList());
      figures.put("convergence_ratio", round(convergence.ratio(), 2));
      figures.put(
          "convergence_warmup_round_ratios",
          convergence.warmUpRoundRatios().stream().map(r -> round(r, 2)).toList());
      for (SideRatio ratio : SIDE_RATIOS) {
        convergence
            .ratio(ratio.over(), ratio.under())
            .ifPresent(r -> figures.put(ratio.figure(), round(r, 2)));
      }
      figures.put(
          "convergence_operator_all_events_ms", convergence.operator().median(Round::eventsMs));
      sideFigures(figures, "convergence_operator", convergence.operator());
      convergence
          .side(SDK_SIDE)
          .ifPresent(sdk -> sideFigures(figures, "convergence_sdk_floor", sdk));
      convergence
          .side(WATCHING_SIDE)
          .ifPresent(
              watching -> {
                sideFigures(figures, "convergence_watching_baseline", watching);
                figures.put(
                    "convergence_watching_baseline_watch_events",
                    watching.medianRound().watchEvents());
              });
      sideFigures(figures, "convergence_baseline", convergence.baseline());
      // DESIGN.md: on the in-process server the bound is the operator over the SDK floor.
      targets.put("convergence_ratio_to_sdk_floor", new Target("<= 1.15", v -> v <= 1.15));
    }

    if (realApiServer || only.contains("real-apiserver")) {
      Optional<String> missing = RealApiServer.missing();
      if (missing.isPresent()) {
        progress("real API server convergence skipped: " + missing.get());
        figures.put("convergence_real_skipped", missing.get());
      } else {
        progress("convergence of " + realRootKeys + " RootKeys on kube-apiserver + etcd");
        realConvergenceFigures(
            figures, targets, RealConvergenceBenchmark.run(realRootKeys, realRounds));
      }
    }

    boolean chaosViolated = false;
    if (chaos != null || only.contains("chaos")) {
      ChaosBenchmark.Settings chosen = chaos != null ? chaos : ChaosBenchmark.Settings.full();
      ChaosBenchmark.Settings settings = chaosLease == null ? chosen : chosen.withLease(chaosLease);
      Optional<String> missing = ChaosBenchmark.missing();
      if (missing.isPresent()) {
        progress("chaos skipped: " + missing.get());
        figures.put("chaos_skipped", missing.get());
      } else {
        progress(
            "chaos ("
                + settings.name()
                + "): "
                + settings.kills()
                + " kills of the leading operator, "
                + settings.rootKeys()
                + " RootKeys on kube-apiserver + etcd");
        ChaosBenchmark.Result result = ChaosBenchmark.run(settings);
        figures.putAll(result.figures());
        targets.put("chaos_violations", new Target("0", v -> v == 0));
        result.violations().forEach(v -> progress("VIOLATION " + v));
        chaosViolated = !result.violations().isEmpty();
      }
    }

    if (runs(only, "rotation")) {
      progress("rotation lateness at " + rotatingRootKeys + " RootKeys");
      RotationLatenessBenchmark.Result lateness = RotationLatenessBenchmark.run(rotatingRootKeys);
      figures.put("rotation_rootkeys", lateness.rootKeys());
      figures.put("rotation_lateness_p50_ms", lateness.latenessMs().p50());
      figures.put("rotation_lateness_p99_ms", lateness.latenessMs().p99());
      figures.put("rotation_lateness_max_ms", lateness.latenessMs().max());
      targets.put("rotation_lateness_p99_ms", new Target("< 1000", v -> v < 1_000));
    }

    if (runs(only, "webhook")) {
      progress(
          "webhook: verify load, alert batch, " + leaks + " leaks from GitHub and from GitLab");
      WebhookBenchmark.Result webhook =
          WebhookBenchmark.run(
              new WebhookBenchmark.Settings(leaks, 32, warmUp, window, VERIFY_RATIO_ROUNDS));
      figures.put("verify_client_threads", webhook.clientThreads());
      figures.put("verify_rps", Math.round(webhook.verify().requestsPerSecond()));
      figures.put("verify_p50_us", webhook.verify().p50Micros());
      figures.put("verify_p99_us", webhook.verify().p99Micros());
      figures.put("constant_rps", Math.round(webhook.constant().requestsPerSecond()));
      figures.put("constant_p50_us", webhook.constant().p50Micros());
      figures.put("constant_p99_us", webhook.constant().p99Micros());
      figures.put("verify_ratio", round(webhook.verifyRatio(), 2));
      figures.put("verify_ratio_rounds", webhook.rounds().ratios().length);
      figures.put("verify_ratio_min", round(webhook.rounds().minRatio(), 2));
      figures.put("verify_ratio_max", round(webhook.rounds().maxRatio(), 2));
      targets.put("verify_ratio", new Target(">= 0.9", v -> v >= 0.9));
      figures.put("alert_batch_1000_ms", webhook.alertBatchMs());
      figures.put("leaks", webhook.leaks());
      figures.put("leak_to_revoked_p50_ms", webhook.leakToRevokedMs().p50());
      figures.put("leak_to_revoked_p99_ms", webhook.leakToRevokedMs().p99());
      figures.put("leak_to_revoked_max_ms", webhook.leakToRevokedMs().max());
      targets.put("leak_to_revoked_p99_ms", new Target("< 250", v -> v < 250));
      figures.put("gitlab_leak_to_revoked_p50_ms", webhook.gitlabLeakToRevokedMs().p50());
      figures.put("gitlab_leak_to_revoked_p99_ms", webhook.gitlabLeakToRevokedMs().p99());
      figures.put("gitlab_leak_to_revoked_max_ms", webhook.gitlabLeakToRevokedMs().max());
      targets.put("gitlab_leak_to_revoked_p99_ms", new Target("< 250", v -> v < 250));
    }

    if (runs(only, "usage")) {
      progress(
          "usage tracking: writes per minute at "
              + usageRootKeys
              + " RootKeys verified steadily, half of them just rotated");
      UsageWritesBenchmark.Result usage =
          UsageWritesBenchmark.run(
              new UsageWritesBenchmark.Settings(usageRootKeys, 8, usageWarmUp, usageWindow));
      figures.put("usage_rootkeys", usage.rootKeys());
      figures.put("usage_rootkeys_in_grace", usage.rotated());
      figures.put("usage_window_s", usage.window().toSeconds());
      figures.put("usage_verifications_per_s", Math.round(usage.verificationsPerSecond()));
      figures.put(
          "usage_keyusage_writes_per_min", Math.round(usage.perMinute(usage.keyUsageWrites())));
      figures.put("usage_status_writes_per_min", Math.round(usage.perMinute(usage.statusWrites())));
      figures.put("usage_writes", usage.writes().byKind());
      // Bounded by the RootKeys whose usage changed: one report per RootKey per 10 s in grace
      // (its expiry is an hour away), one per 5 minutes otherwise.
      double bound = usage.rotated() * 6.0 + usage.rootKeys();
      targets.put(
          "usage_keyusage_writes_per_min",
          new Target("<= 6 x in grace + 1 x others", v -> v <= bound));
    }

    if (runs(only, "latency")) {
      progress("verification latency, open loop at " + latencyRates + " requests/s");
      VerifyLatencyBenchmark.Result latency =
          VerifyLatencyBenchmark.run(
              new VerifyLatencyBenchmark.Settings(
                  latencyRates, latencyWarmUp, latencyWindow, ladderWarmUp, ladderStep));
      latencyFigures(figures, targets, latency);
    }

    if (runs(only, "jmh")) {
      progress("JMH: KeyVerifier.verify, 1 thread");
      figures.put(
          "verify_inprocess_ops_per_s",
          Math.round(verifyInProcess("verifyValidKey", jmhIterations)));
      targets.put("verify_inprocess_ops_per_s", new Target("> 1e6", v -> v > 1e6));
      figures.put(
          "verify_inprocess_usage_table_ops_per_s",
          Math.round(verifyInProcess("verifyValidKeyThroughUsageTable", jmhIterations)));
      targets.put("verify_inprocess_usage_table_ops_per_s", new Target("> 1e6", v -> v > 1e6));
    }

    if (runs(only, "heap")) {
      progress("operator heap at " + heapRootKeys + " RootKeys (child JVM)");
      OperatorHeapBenchmark.Result heap = OperatorHeapBenchmark.run(heapRootKeys, heapRootKeys);
      figures.put("heap_rootkeys", heap.rootKeys());
      figures.put("heap_foreign_secrets", heap.foreignSecrets());
      figures.put("operator_heap_mib_10k", heap.heapMib());
      figures.put("operator_heap_mib_10k_plus_10k_foreign_secrets", heap.heapWithForeignMib());
      targets.put("operator_heap_mib_10k", new Target("< 128", v -> v < 128));
      // "No growth" allows for the noise of one measurement to the next: a few MiB.
      double base = heap.heapMib();
      targets.put(
          "operator_heap_mib_10k_plus_10k_foreign_secrets",
          new Target("< 128, no growth", v -> v < 128 && v <= base + 4));
    }

    print(figures, targets);
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, Serialization.asJson(figures) + "\n");
    System.out.println("\nwritten to " + results);
    // The chaos run is a check as well as a measure: CI fails on a violation.
    System.exit(chaosViolated ? 1 : 0);
  }

  private static double verifyInProcess(String benchmark, int iterations) throws Exception {
    Collection<RunResult> runs =
        new Runner(
                new OptionsBuilder()
                    // A regular expression: anchored, so one name does not also run another.
                    .include(VerifyMicrobenchmark.class.getName() + "." + benchmark + "$")
                    .threads(1)
                    .forks(1)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(1))
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run();
    return runs.iterator().next().getPrimaryResult().getScore();
  }

  /**
   * One side's convergence figures, each its median over the measured rounds unless said: its time
   * (all rounds in {@code _rounds_ms}), until its first RootKey was Ready, its JVM's CPU, GC and
   * JIT time, the threads it started; and, in its median round, its requests by verb and resource
   * and its CPU by kind of thread.
   */
  private static void sideFigures(
      Map<String, Object> figures, String prefix, ConvergenceBenchmark.Side side) {
    figures.put(prefix + "_ms", side.median(Round::ms));
    figures.put(prefix + "_rounds_ms", side.roundsMs());
    figures.put(prefix + "_first_ready_ms", side.median(Round::firstReadyMs));
    figures.put(prefix + "_cpu_ms", side.median(Round::cpuMs));
    figures.put(prefix + "_gc_ms", side.median(Round::gcMs));
    figures.put(prefix + "_jit_ms", side.median(Round::jitMs));
    figures.put(prefix + "_threads_started", side.median(Round::threadsStarted));
    RequestCounts requests = new RequestCounts(side.medianRound().requests());
    figures.put(prefix + "_requests", requests.total());
    progress("  " + side.name() + " requests: " + requests);
    figures.put(prefix + "_cpu_by_thread_ms", side.medianRound().cpuByThreadMs());
  }

  /**
   * The real API server's convergence figures: the median of the rounds' ratios, and for each side
   * its round of median time: seconds, requests per RootKey (by kind in {@code _requests}) and the
   * CPU seconds the API server, etcd and the side's own JVM spent while it converged.
   */
  private static void realConvergenceFigures(
      Map<String, Object> figures, Map<String, Target> targets, RealConvergenceBenchmark.Result r) {
    figures.put("convergence_real_rootkeys", r.rootKeys());
    figures.put("convergence_real_threads", r.threads());
    figures.put("convergence_real_rounds", r.baseline().size());
    figures.put("convergence_real_ratio", round(r.ratio(), 2));
    targets.put("convergence_real_ratio", new Target("<= 1.10", v -> v <= 1.10));
    figures.put("convergence_real_sdk_floor_ratio", round(r.sdkFloorRatio(), 2));
    figures.put("convergence_real_ratio_to_sdk_floor", round(r.ratioToSdkFloor(), 2));
    for (List<RealConvergenceBenchmark.SideRun> rounds :
        List.of(r.operator(), r.sdkFloor(), r.baseline())) {
      String prefix = "convergence_real_" + rounds.get(0).side();
      List<RealConvergenceBenchmark.SideRun> byTime =
          rounds.stream()
              .sorted(Comparator.comparingLong(RealConvergenceBenchmark.SideRun::ms))
              .toList();
      RealConvergenceBenchmark.SideRun median = byTime.get((byTime.size() - 1) / 2);
      figures.put(prefix + "_s", round(median.ms() / 1_000.0, 2));
      figures.put(
          prefix + "_rounds_ms",
          rounds.stream().map(RealConvergenceBenchmark.SideRun::ms).toList());
      figures.put(
          prefix + "_requests_per_key",
          round((double) median.requests().total() / r.rootKeys(), 2));
      figures.put(prefix + "_requests", median.requests().byKind());
      figures.put(prefix + "_apiserver_cpu_s", round(median.apiServerCpuMs() / 1_000.0, 2));
      figures.put(prefix + "_etcd_cpu_s", round(median.etcdCpuMs() / 1_000.0, 2));
      figures.put(prefix + "_client_cpu_s", round(median.clientCpuMs() / 1_000.0, 2));
    }
  }

  /**
   * The open-loop figures: per rate, each endpoint's percentiles in ms and verification's p99 over
   * the bare endpoint's; {@code verify_p99_ratio} is the worst rate's; then the rate one core
   * sustains with p99 within 10 ms, and the ladder that found it.
   */
  private static void latencyFigures(
      Map<String, Object> figures, Map<String, Target> targets, VerifyLatencyBenchmark.Result r) {
    figures.put("verify_latency_server_cpu", r.pinnedCpu() < 0 ? "not pinned" : r.pinnedCpu());
    Map<String, Object> p99Ms = new LinkedHashMap<>();
    Map<String, Object> ratios = new LinkedHashMap<>();
    Map<String, Object> detail = new LinkedHashMap<>();
    double worst = 0;
    for (LatencyComparison rate : r.rates()) {
      String key = String.valueOf(rate.perSecond());
      p99Ms.put(key, ms(rate.verify().latencyMicros().p99()));
      ratios.put(key, round(rate.p99Ratio(), 2));
      detail.put(key, Map.of("verify", latencyMs(rate.verify()), "bare", latencyMs(rate.bare())));
      worst = Math.max(worst, rate.p99Ratio());
    }
    figures.put("verify_p99_ms", p99Ms);
    figures.put("verify_p99_ratio_by_rate", ratios);
    figures.put("verify_p99_ratio", round(worst, 2));
    targets.put("verify_p99_ratio", new Target("<= 1.25", v -> v <= 1.25));
    figures.put("verify_open_loop_ms", detail);
    figures.put("verify_one_core_sustained_rps", r.sustainedPerSecond());
    figures.put("verify_one_core_ladder", r.ladder().stream().map(BenchMain::latencyMs).toList());
  }

  private static Map<String, Object> latencyMs(OpenLoopLoad.Result run) {
    Map<String, Object> ms = new LinkedHashMap<>();
    ms.put("rps", run.perSecond());
    ms.put("p50", ms(run.latencyMicros().p50()));
    ms.put("p99", ms(run.latencyMicros().p99()));
    ms.put("p999", ms(run.latencyMicros().p999()));
    ms.put("failed", run.failed());
    // How far the harness itself kept to the schedule: see docs/benchmarks.md.
    ms.put("sent_late_p99", ms(run.latenessMicros().p99()));
    ms.put("waited_for_connection", run.waitedForConnection());
    ms.put("connections_opened", run.connectionsOpened());
    return ms;
  }

  private static double ms(long micros) {
    return round(micros / 1_000.0, 2);
  }

  /** Whether a section runs: all do unless --only names some. */
  private static boolean runs(Set<String> only, String section) {
    return only.isEmpty() || only.contains(section);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static void progress(String what) {
    System.err.println("== " + what);
  }

  private static void print(Map<String, Object> figures, Map<String, Target> targets) {
    System.out.println();
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-48s %12s  %-18s %s", "figure", "value", "target", ""));
    figures.forEach(
        (name, value) -> {
          Target target = targets.get(name);
          String verdict = "";
          if (target != null) {
            verdict = target.met().test(((Number) value).doubleValue()) ? "pass" : "MISS";
          }
          lines.add(
              String.format(
                  "%-48s %12s  %-18s %s",
                  name, value, target == null ? "" : target.text(), verdict));
        });
    lines.forEach(System.out::println);
  }
}
