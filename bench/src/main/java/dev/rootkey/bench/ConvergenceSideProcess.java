package dev.rootkey.bench;

/**
 * One side of the convergence comparison alone in a JVM: arguments side (baseline or operator), N
 * RootKeys, warm-up rounds, measured rounds; prints its report as one line of JSON on stdout and
 * its progress on stderr.
 */
public final class ConvergenceSideProcess {

  private ConvergenceSideProcess() {}

  public static void main(String[] args) throws Exception {
    String report =
        ConvergenceBenchmark.measure(
            args[0],
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]));
    System.out.println(report);
    // The in-process API servers leave non-daemon threads behind.
    System.exit(0);
  }
}
