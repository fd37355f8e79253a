package dev.rootkey.config;

/**
 * Gives the JDK's common pool at least two threads on a machine of one or two cores, as an operator
 * pod with a CPU limit of 1 or 2 is. There the JDK sizes the pool to one thread, and {@code
 * CompletableFuture} then runs each async task on a thread of its own: the JDK HttpClient under the
 * Kubernetes client starts and ends a thread for every response. With two threads, as the JDK gives
 * any machine of three cores, those tasks reuse the pool's threads: on 2 cores the operator issued
 * 5,000 keys in 5.5 s instead of 7.1 s (docs/benchmarks.md). On larger machines, or when {@value
 * #PROPERTY} is set, nothing changes.
 */
public final class CommonPoolFloor {

  /** The JDK's own setting, read once, when the common pool is first used. */
  public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  static final int FLOOR = 2;

  private CommonPoolFloor() {}

  /**
   * Sets {@value #PROPERTY} to {@value #FLOOR} on a machine of fewer than three processors unless
   * it is set already. Takes effect only before anything uses the common pool: call it first, from
   * the static initialiser of a service's main class.
   */
  public static void raiseOnSmallMachines() {
    if (System.getProperty(PROPERTY) == null
        && Runtime.getRuntime().availableProcessors() <= FLOOR) {
      System.setProperty(PROPERTY, Integer.toString(FLOOR));
    }
  }
}
