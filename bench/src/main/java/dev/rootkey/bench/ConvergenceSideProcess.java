package dev.rootkey.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One side of the convergence comparison alone in a JVM: arguments side (baseline, watching or
 * operator) and N RootKeys. Each line "round" on stdin runs one round ({@link ConvergenceRounds})
 * and is answered with its report, one line of JSON after {@link #REPORT} on stdout; the process
 * ends when stdin closes.
 */
public final class ConvergenceSideProcess {

  static final String ROUND = "round";

  /**
   * Starts each report line: whatever else writes to stdout (a logging framework's status, an
   * attached profiler) is passed on rather than taken for a report.
   */
  static final String REPORT = "report ";

  // Before answering, the JVM waits until it is idle: collections and the JIT compilations a round
  // queued would otherwise run during the next side's round, on the same 2 cores.
  private static final Duration QUIET_SAMPLE = Duration.ofMillis(250);
  private static final double QUIET_CPU_SHARE = 0.1;
  private static final Duration QUIET_LIMIT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConvergenceSideProcess() {}

  public static void main(String[] args) {
    ChildMain.run(() -> serve(args));
  }

  private static void serve(String[] args) throws Exception {
    ConvergenceRounds rounds = new ConvergenceRounds(args[0], Integer.parseInt(args[1]));
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (!line.equals(ROUND)) {
        throw new IllegalArgumentException("unknown command " + line);
      }
      String report = JSON.writeValueAsString(rounds.next());
      System.gc();
      awaitQuiet();
      System.out.println(REPORT + report);
    }
  }

  private static void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    long quietNanos = (long) (QUIET_SAMPLE.toNanos() * QUIET_CPU_SHARE);
    while (System.nanoTime() < deadline) {
      JvmActivity before = JvmActivity.now();
      Thread.sleep(QUIET_SAMPLE.toMillis());
      if (JvmActivity.now().since(before).cpuNanos() < quietNanos) {
        return;
      }
    }
  }
}
