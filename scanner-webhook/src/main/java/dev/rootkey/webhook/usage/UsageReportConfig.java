package dev.rootkey.webhook.usage;

import dev.rootkey.config.DurationSetting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * How this replica reports key uses.
 *
 * @param replica {@code POD_NAME} (the chart sets it from the pod's name), else the host name:
 *     whose KeyUsages these are
 * @param interval {@code USAGE_REPORT_INTERVAL}, default 10s: the longest a use of an Expiring key
 *     waits to be written (sooner when that key would retire before; see UsageReporter)
 * @param activeInterval {@code USAGE_ACTIVE_REPORT_INTERVAL}, default 5m: the same when only Active
 *     keys were used (Unkey itself is accurate to 5 minutes)
 */
public record UsageReportConfig(String replica, Duration interval, Duration activeInterval) {

  // The bound for keys in grace: reported within 10 s. The reporter writes sooner when a
  // key would retire before then.
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_ACTIVE_INTERVAL = Duration.ofMinutes(5);

  public UsageReportConfig {
    if (replica == null || replica.isBlank()) {
      throw new IllegalArgumentException("the replica name (POD_NAME) must not be empty");
    }
    requirePositive("USAGE_REPORT_INTERVAL", interval);
    requirePositive("USAGE_ACTIVE_REPORT_INTERVAL", activeInterval);
  }

  /** The defaults, reported as {@code replica}. */
  public static UsageReportConfig defaults(String replica) {
    return new UsageReportConfig(replica, DEFAULT_INTERVAL, DEFAULT_ACTIVE_INTERVAL);
  }

  /** The defaults, reported under this host's name. */
  public static UsageReportConfig defaultsForThisHost() {
    return defaults(hostName());
  }

  public static UsageReportConfig fromEnvironment(Map<String, String> env) {
    String pod = env.get("POD_NAME");
    return new UsageReportConfig(
        pod == null || pod.isBlank() ? hostName() : pod.strip(),
        DurationSetting.read(env, "USAGE_REPORT_INTERVAL", DEFAULT_INTERVAL),
        DurationSetting.read(env, "USAGE_ACTIVE_REPORT_INTERVAL", DEFAULT_ACTIVE_INTERVAL));
  }

  private static void requirePositive(String variable, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(variable + " must be longer than 0");
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
