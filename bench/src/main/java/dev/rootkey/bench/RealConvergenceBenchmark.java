package dev.rootkey.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * N RootKeys to Ready on a real kube-apiserver + etcd ({@link RealApiServer}): the operator against
 * the plain loop making the same three writes per RootKey with the same client and as many threads
 * as the operator reconciles with, and against the SDK floor ({@link BareSdkReconciler}: the SDK
 * with the operator's informers making the loop's writes), each side in a fresh JVM ({@link
 * RealConvergenceSideProcess}) on its own namespace of the same server, which it leaves empty, in
 * orders that balance over an even number of rounds ({@link #ORDERS}). For each side: its time, the
 * requests the API server counted and the CPU the API server, etcd and the side's own JVM spent,
 * from the moment its clock started until it reported.
 */
final class RealConvergenceBenchmark {

  private static final int PORT = 17443;
  private static final int ETCD_PORT = 24790;
  private static final String BASELINE = ConvergenceRounds.BASELINE_SIDE;
  private static final String SDK = ConvergenceRounds.SDK_SIDE;
  private static final String OPERATOR = ConvergenceRounds.OPERATOR_SIDE;

  static final List<String> SIDES = List.of(BASELINE, SDK, OPERATOR);

  /**
   * The order of the sides in each round, one after another: each order is followed by its reverse,
   * so over any even number of rounds each side runs before each other side as often as after it,
   * and whatever a side leaves the server doing weighs on every side alike.
   */
  static final List<List<String>> ORDERS =
      List.of(
          List.of(BASELINE, SDK, OPERATOR),
          List.of(OPERATOR, SDK, BASELINE),
          List.of(SDK, OPERATOR, BASELINE),
          List.of(BASELINE, OPERATOR, SDK),
          List.of(OPERATOR, BASELINE, SDK),
          List.of(SDK, BASELINE, OPERATOR));

  /** One side's round; {@code clientCpuMs} is the side's own JVM (the operator or the loop). */
  record SideRun(
      String side,
      long ms,
      RequestCounts requests,
      long apiServerCpuMs,
      long etcdCpuMs,
      long clientCpuMs) {}

  /** Each side's rounds. */
  record Result(
      int rootKeys,
      int threads,
      List<SideRun> baseline,
      List<SideRun> sdkFloor,
      List<SideRun> operator) {

    /** The operator's time over the plain loop's: the median of the rounds' ratios. */
    double ratio() {
      return medianRatio(operator, baseline);
    }

    /** The SDK floor's time over the plain loop's: what the SDK alone costs. */
    double sdkFloorRatio() {
      return medianRatio(sdkFloor, baseline);
    }

    /** The operator's time over the SDK floor's: what our own work costs. */
    double ratioToSdkFloor() {
      return medianRatio(operator, sdkFloor);
    }

    private static double medianRatio(List<SideRun> over, List<SideRun> under) {
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < under.size(); round++) {
        ratios.add((double) over.get(round).ms() / under.get(round).ms());
      }
      return ConvergenceBenchmark.median(ratios);
    }
  }

  private RealConvergenceBenchmark() {}

  static Result run(int rootKeys, int rounds) throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("--real-rounds must be at least 1, not " + rounds);
    }
    int threads = ConvergenceRounds.reconcileThreads();
    Map<String, List<SideRun>> runs = new HashMap<>();
    try (RealApiServer server = RealApiServer.start(PORT, ETCD_PORT)) {
      for (int round = 0; round < rounds; round++) {
        for (String side : ORDERS.get(round % ORDERS.size())) {
          SideRun run = side(server, side, "real-" + side + "-" + round, rootKeys, threads);
          System.err.println(
              "   " + side + " round " + round + ": " + run.ms() + " ms, " + run.requests());
          runs.computeIfAbsent(side, s -> new ArrayList<>()).add(run);
        }
      }
    }
    return new Result(
        rootKeys,
        threads,
        runs.get(ConvergenceRounds.BASELINE_SIDE),
        runs.get(ConvergenceRounds.SDK_SIDE),
        runs.get(ConvergenceRounds.OPERATOR_SIDE));
  }

  private static SideRun side(
      RealApiServer server, String side, String namespace, int rootKeys, int threads)
      throws Exception {
    Process process =
        ChildJvm.start(
            "2g",
            RealConvergenceSideProcess.class,
            side,
            server.kubeconfig().toString(),
            namespace,
            String.valueOf(rootKeys),
            String.valueOf(threads));
    try (Writer commands =
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      awaitLine(lines, RealConvergenceSideProcess.CREATED, side);
      RequestCounts requestsBefore = server.requests();
      long apiServerBefore = server.apiServerCpuMs();
      long etcdBefore = server.etcdCpuMs();
      long clientBefore = ProcessCpu.ms(process.pid());
      commands.write("go\n");
      commands.flush();
      String report = awaitLine(lines, RealConvergenceSideProcess.REPORT, side);
      long apiServerCpu = server.apiServerCpuMs() - apiServerBefore;
      long etcdCpu = server.etcdCpuMs() - etcdBefore;
      long clientCpu = ProcessCpu.ms(process.pid()) - clientBefore;
      RequestCounts requests = server.requests().since(requestsBefore);
      long ms = Long.parseLong(report.substring(RealConvergenceSideProcess.REPORT.length()));
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the " + side + " side's JVM did not end");
      }
      return new SideRun(side, ms, requests, apiServerCpu, etcdCpu, clientCpu);
    } finally {
      process.destroyForcibly();
    }
  }

  /** The first line starting with {@code prefix}; other lines are passed on to stderr. */
  private static String awaitLine(BufferedReader lines, String prefix, String side)
      throws Exception {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
      System.err.println(line);
    }
    throw new IllegalStateException("the " + side + " side's JVM ended: see above");
  }
}
