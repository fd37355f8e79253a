package dev.rootkey.operator;

import dev.rootkey.config.DurationSetting;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the operator's replicas hold the Lease. A standby takes over only once the Lease of a leader
 * that died has run out, so {@code leaseDuration} bounds how long RootKeys wait after a crash (the
 * chaos benchmark measured about 20 s after SIGKILL with the defaults, 45 s on a loaded machine);
 * the leader renews every {@code retryPeriod} and gives up, exiting, when it could not renew for
 * {@code renewDeadline}. Shorter timings fail over sooner and write the Lease more often, and a
 * leader that cannot reach the API server for {@code renewDeadline} exits sooner.
 *
 * @param leaseDuration {@code LEASE_DURATION}, default 15s
 * @param renewDeadline {@code LEASE_RENEW_DEADLINE}, default 10s
 * @param retryPeriod {@code LEASE_RETRY_PERIOD}, default 2s
 */
public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  /** The Java Operator SDK's defaults, which are client-go's. */
  public static final LeaseTimings DEFAULTS =
      new LeaseTimings(
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE);

  // Fabric8's leader elector waits up to retryPeriod * (1 + 1.2) between tries; a renew deadline
  // not longer than that could expire between two tries (it refuses such timings at start).
  private static final double RETRY_WITH_JITTER = 2.2;

  /**
   * @throws IllegalArgumentException naming every variable out of line, with the values read
   */
  public LeaseTimings {
    List<String> problems = new ArrayList<>();
    positive("LEASE_DURATION", leaseDuration, problems);
    positive("LEASE_RENEW_DEADLINE", renewDeadline, problems);
    positive("LEASE_RETRY_PERIOD", retryPeriod, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      problems.add(
          "LEASE_RENEW_DEADLINE ("
              + text(renewDeadline)
              + ") must be shorter than LEASE_DURATION ("
              + text(leaseDuration)
              + "): a leader must give up before another may take the Lease");
    }
    if (renewDeadline.toMillis() <= retryPeriod.toMillis() * RETRY_WITH_JITTER) {
      problems.add(
          "LEASE_RENEW_DEADLINE ("
              + text(renewDeadline)
              + ") must be longer than 2.2 times LEASE_RETRY_PERIOD ("
              + text(retryPeriod)
              + "): the leader elector waits up to that long between tries");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The timings the environment sets, each variable defaulting on its own.
   *
   * @throws IllegalArgumentException naming the variable that is not a duration, or what is out of
   *     line between them
   */
  public static LeaseTimings fromEnvironment(Map<String, String> env) {
    return new LeaseTimings(
        DurationSetting.read(env, "LEASE_DURATION", DEFAULTS.leaseDuration()),
        DurationSetting.read(env, "LEASE_RENEW_DEADLINE", DEFAULTS.renewDeadline()),
        DurationSetting.read(env, "LEASE_RETRY_PERIOD", DEFAULTS.retryPeriod()));
  }

  private static void positive(String variable, Duration value, List<String> problems) {
    if (value.isZero() || value.isNegative()) {
      problems.add(variable + " must be longer than 0");
    }
  }

  private static String text(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}
