package dev.rootkey.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election as the chart runs it: a replica that loses the Lease ends its process so that the
 * new leader reconciles alone, as the SDK does itself, but never while the process is already
 * stopping. The SDK's own exit (exitOnStopLeading) runs inside {@code Operator.stop()}, so from a
 * shutdown hook it calls {@code System.exit} within the JVM's exit and blocks it for good: the
 * operator then ignored SIGTERM until killed (JOSDK issues 1614 and 2496).
 */
final class LeaseHolding {

  private static final Logger log = LoggerFactory.getLogger(LeaseHolding.class);

  private LeaseHolding() {}

  /**
   * @param timings how long the Lease lasts, how long the leader tries to renew it, how often
   * @param stopping true once the process is stopping: the Lease then goes with it, no exit needed
   */
  static LeaderElectionConfiguration in(
      String namespace, LeaseTimings timings, BooleanSupplier stopping) {
    return new LeaderElectionConfiguration(
        OperatorOptions.LEASE_NAME,
        namespace,
        timings.leaseDuration(),
        timings.renewDeadline(),
        timings.retryPeriod(),
        null,
        new LeaderCallbacks(() -> {}, () -> lost(stopping), leader -> {}),
        false);
  }

  private static void lost(BooleanSupplier stopping) {
    if (stopping.getAsBoolean()) {
      return;
    }
    log.warn(
        "Lost the Lease {}: exiting so that the new leader acts alone", OperatorOptions.LEASE_NAME);
    // From a thread of its own: the thread losing the Lease may be one the exit waits for.
    new Thread(() -> System.exit(1), "lease-lost-exit").start();
  }
}
