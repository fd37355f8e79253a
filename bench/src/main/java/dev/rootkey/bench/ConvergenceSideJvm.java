package dev.rootkey.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootkey.bench.ConvergenceBenchmark.Round;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One side of the convergence comparison in a JVM of its own ({@link ConvergenceSideProcess}),
 * asked for one round at a time: the JVM stays up between rounds, so what it compiled in one round
 * serves the next, as in a long-running operator.
 */
final class ConvergenceSideJvm implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String side;
  private final Process process;
  private final Writer commands;
  private final BufferedReader reports;

  private ConvergenceSideJvm(String side, Process process) {
    this.side = side;
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reports =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ConvergenceSideJvm start(String side, int rootKeys) throws IOException {
    return new ConvergenceSideJvm(
        side, ChildJvm.start("2g", ConvergenceSideProcess.class, side, String.valueOf(rootKeys)));
  }

  String side() {
    return side;
  }

  /** Runs one round in the side's JVM and waits for its report. */
  Round round() throws IOException {
    commands.write(ConvergenceSideProcess.ROUND + "\n");
    commands.flush();
    for (String line = reports.readLine(); line != null; line = reports.readLine()) {
      if (line.startsWith(ConvergenceSideProcess.REPORT)) {
        return JSON.readValue(line.substring(ConvergenceSideProcess.REPORT.length()), Round.class);
      }
      System.err.println(line);
    }
    throw new IllegalStateException("the " + side + " side's JVM ended: see above");
  }

  /** Ends the side's JVM: it leaves once its input closes, or is stopped after a grace period. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      commands.close();
    } catch (IOException alreadyGone) {
      // The process ended on its own: nothing left to tell it.
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reports.close();
  }
}
