package dev.rootkey.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Verification latency at fixed arrival rates (open loop, {@link OpenLoopLoad}) through real HTTP
 * on 127.0.0.1: the scanner-webhook in a JVM of its own, pinned to one CPU where taskset exists
 * ({@link CpuPinning}), the load from this JVM on the others. At each rate the bare endpoint and
 * verification, in the same run; then a ladder of rising rates against verification alone until p99
 * passes {@link #P99_LIMIT_MICROS}: the rate one core sustains.
 */
final class VerifyLatencyBenchmark {

  static final long P99_LIMIT_MICROS = 10_000;

  /** Keys the requests cycle through: enough that no one key's cache line is all it measures. */
  private static final int ROOT_KEYS = 200;

  private static final List<Integer> LADDER =
      List.of(
          1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 10_000, 12_000, 14_000, 16_000,
          20_000, 25_000, 30_000);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Keep-alive connections the load goes over, as a fleet of clients with bounded pools would hold:
   * more than a fast server ever has busy at the ladder's top rate (Little's law: 30,000 a second
   * at 1 ms is 30), few enough for this JVM's one or more CPUs to run a thread each.
   */
  static final int CONNECTIONS = 64;

  /**
   * The rates compared, each warmed up at that rate and then measured for {@code window} per
   * endpoint; each step of the ladder warms up for {@code stepWarmUp} and measures {@code step}.
   */
  record Settings(
      List<Integer> rates, Duration warmUp, Duration window, Duration stepWarmUp, Duration step) {}

  /**
   * {@code pinnedCpu} is the CPU the server ran on, or -1 if it was not pinned; {@code
   * sustainedPerSecond} the highest rate of the ladder sustained (0: not even the first).
   */
  record Result(
      int pinnedCpu,
      List<LatencyComparison> rates,
      List<OpenLoopLoad.Result> ladder,
      int sustainedPerSecond) {}

  private long serverPid;
  private URI verifyUrl;
  private URI bareUrl;
  private final List<byte[]> bodies = new ArrayList<>();

  private VerifyLatencyBenchmark() {}

  static Result run(Settings settings) throws Exception {
    Optional<CpuPinning> pinning = CpuPinning.available();
    Process server =
        ChildJvm.start(
            pinning.map(CpuPinning::serverLauncher).orElse(List.of()),
            "1g",
            VerifyServerProcess.class,
            String.valueOf(ROOT_KEYS));
    try {
      VerifyLatencyBenchmark benchmark = new VerifyLatencyBenchmark();
      benchmark.serverPid = server.pid();
      benchmark.readServer(server);
      if (pinning.isPresent()) {
        pinning.get().loadGeneratorOnTheRest();
      }
      // Both routes are on the same server: one pool, as one client fleet would use.
      try (OpenLoopLoad load =
          new OpenLoopLoad(benchmark.verifyUrl, CONNECTIONS, REQUEST_TIMEOUT)) {
        return benchmark.measure(load, settings, pinning.map(CpuPinning::serverCpu).orElse(-1));
      }
    } finally {
      if (pinning.isPresent()) {
        pinning.get().restore();
      }
      server.getOutputStream().close();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private void readServer(Process server) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.equals(VerifyServerProcess.READY)) {
        return;
      } else if (line.startsWith(VerifyServerProcess.VERIFY)) {
        verifyUrl = URI.create(line.substring(VerifyServerProcess.VERIFY.length()));
      } else if (line.startsWith(VerifyServerProcess.BARE)) {
        bareUrl = URI.create(line.substring(VerifyServerProcess.BARE.length()));
      } else if (line.startsWith(VerifyServerProcess.BODY)) {
        bodies.add(
            line.substring(VerifyServerProcess.BODY.length()).getBytes(StandardCharsets.UTF_8));
      } else {
        System.err.println(line);
      }
    }
    throw new IllegalStateException("the verification server's JVM ended: see above");
  }

  private Result measure(OpenLoopLoad load, Settings settings, int pinnedCpu)
      throws InterruptedException {
    IntFunction<byte[]> verify = requests(verifyUrl);
    IntFunction<byte[]> bare = requests(bareUrl);
    List<LatencyComparison> compared = new ArrayList<>();
    for (int rate : settings.rates()) {
      load.run(bare, new ArrivalSchedule(rate, settings.warmUp()));
      load.run(verify, new ArrivalSchedule(rate, settings.warmUp()));
      ArrivalSchedule window = new ArrivalSchedule(rate, settings.window());
      // Alternated from rate to rate, so that neither endpoint always runs on the warmer JVM.
      OpenLoopLoad.Result bareRun;
      OpenLoopLoad.Result verifyRun;
      if (compared.size() % 2 == 0) {
        bareRun = measured("bare", load, bare, window);
        verifyRun = measured("verify", load, verify, window);
      } else {
        verifyRun = measured("verify", load, verify, window);
        bareRun = measured("bare", load, bare, window);
      }
      compared.add(new LatencyComparison(rate, verifyRun, bareRun));
    }
    List<OpenLoopLoad.Result> ladder = new ArrayList<>();
    for (int rate : LADDER) {
      load.run(verify, new ArrivalSchedule(rate, settings.stepWarmUp()));
      OpenLoopLoad.Result step =
          measured("one core, verify", load, verify, new ArrivalSchedule(rate, settings.step()));
      ladder.add(step);
      if (!SustainedRate.sustained(step, P99_LIMIT_MICROS)) {
        break;
      }
    }
    return new Result(pinnedCpu, compared, ladder, SustainedRate.highest(ladder, P99_LIMIT_MICROS));
  }

  /**
   * One measured run, printed with the CPU the load generator (this JVM) and the server used in it,
   * in cores: a load generator near all of its CPUs set the figures itself; a server well below its
   * core while requests waited for connections, the load generator idle too, lost its CPU to other
   * processes.
   */
  private OpenLoopLoad.Result measured(
      String what, OpenLoopLoad load, IntFunction<byte[]> request, ArrivalSchedule schedule)
      throws InterruptedException {
    long ownPid = ProcessHandle.current().pid();
    long ownCpu = cpuMillis(ownPid);
    long serverCpu = cpuMillis(serverPid);
    long start = System.nanoTime();
    OpenLoopLoad.Result run = load.run(request, schedule);
    double millis = (System.nanoTime() - start) / 1e6;
    System.err.printf(
        "   %s at %d/s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d of %d failed;"
            + " sent late p99 %.2f ms, %d waited for a connection, %d connections opened;"
            + " CPU: load generator %.2f cores, server %.2f%n",
        what,
        run.perSecond(),
        run.latencyMicros().p50() / 1_000.0,
        run.latencyMicros().p99() / 1_000.0,
        run.latencyMicros().p999() / 1_000.0,
        run.failed(),
        run.sent(),
        run.latenessMicros().p99() / 1_000.0,
        run.waitedForConnection(),
        run.connectionsOpened(),
        (cpuMillis(ownPid) - ownCpu) / millis,
        (cpuMillis(serverPid) - serverCpu) / millis);
    return run;
  }

  /** A process's CPU time so far; 0 where /proc is missing (the shares then print 0). */
  private static long cpuMillis(long pid) {
    try {
      return ProcessCpu.ms(pid);
    } catch (IOException noProc) {
      return 0;
    }
  }

  /** Whole HTTP requests, built once: the load's threads only pick one. */
  private IntFunction<byte[]> requests(URI url) {
    List<byte[]> requests =
        bodies.stream()
            .map(body -> KeepAliveConnection.post(url, "application/json", body))
            .toList();
    return n -> requests.get(n % requests.size());
  }
}
