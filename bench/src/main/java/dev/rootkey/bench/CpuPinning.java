package dev.rootkey.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Splits the CPUs this process may use between a server in a child process (the first CPU) and this
 * process, the load generator (the rest), with taskset: so that "one core" means one core and the
 * load generator does not take the server's.
 */
final class CpuPinning {

  private final List<Integer> cpus;

  private CpuPinning(List<Integer> cpus) {
    this.cpus = cpus;
  }

  /** Empty where taskset is missing or this process may use only one CPU. */
  static Optional<CpuPinning> available() {
    try {
      String out = taskset("-cp", String.valueOf(ProcessHandle.current().pid()));
      List<Integer> cpus = parseList(out.substring(out.lastIndexOf(':') + 1).trim());
      return cpus.size() < 2 ? Optional.empty() : Optional.of(new CpuPinning(cpus));
    } catch (IOException | RuntimeException missing) {
      return Optional.empty();
    }
  }

  /** What runs the server's JVM on the first CPU only. */
  List<String> serverLauncher() {
    return List.of("taskset", "-c", String.valueOf(cpus.get(0)));
  }

  int serverCpu() {
    return cpus.get(0);
  }

  /** Moves every thread of this process onto the other CPUs; threads it starts later follow. */
  void loadGeneratorOnTheRest() throws IOException {
    setAffinity(cpus.subList(1, cpus.size()));
  }

  /** Gives this process all its CPUs back. */
  void restore() throws IOException {
    setAffinity(cpus);
  }

  private static void setAffinity(List<Integer> cpus) throws IOException {
    String list = cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    String pid = String.valueOf(ProcessHandle.current().pid());
    try {
      taskset("-a", "-cp", list, pid);
    } catch (IOException threadEnded) {
      // taskset fails if one of the threads it listed ended before it got to it; those threads
      // need no affinity, and what matters is that the main thread, which starts the rest, has it.
      String now = taskset("-cp", pid);
      if (!parseList(now.substring(now.lastIndexOf(':') + 1).trim()).equals(cpus)) {
        throw threadEnded;
      }
    }
  }

  /** A CPU list as taskset and /proc print it: "0,1", "0-3,6". */
  static List<Integer> parseList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length == 1 ? from : Integer.parseInt(range[1]);
      for (int cpu = from; cpu <= to; cpu++) {
        cpus.add(cpu);
      }
    }
    return cpus;
  }

  private static String taskset(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("taskset"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("taskset failed: " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }
}
