package dev.rootkey.webhook.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.webhook.WebhookConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportConfigTest {

  @Test
  void theChartsPodNameNamesTheReplicaAndTheIntervalsDefaultToTenSecondsAndFiveMinutes() {
    UsageReportConfig usage =
        WebhookConfig.fromEnvironment(Map.of("POD_NAME", "rootkey-webhook-5d9f7-x")).usage();

    assertThat(usage)
        .isEqualTo(
            new UsageReportConfig(
                "rootkey-webhook-5d9f7-x", Duration.ofSeconds(10), Duration.ofMinutes(5)));
  }

  @Test
  void withoutAPodNameTheReplicaIsTheHostName() throws Exception {
    assertThat(UsageReportConfig.fromEnvironment(Map.of()).replica())
        .isEqualTo(InetAddress.getLocalHost().getHostName());
  }

  @Test
  void theIntervalsAreGoDurations() {
    UsageReportConfig usage =
        UsageReportConfig.fromEnvironment(
            Map.of(
                "POD_NAME", "w",
                "USAGE_REPORT_INTERVAL", "500ms",
                "USAGE_ACTIVE_REPORT_INTERVAL", "1m30s"));

    assertThat(usage.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(usage.activeInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void anIntervalThatIsNoDurationOrZeroStopsTheStartNamingTheVariable() {
    for (String bad : new String[] {"2", "2 s", "s", "1d", "-2s", "2s5"}) {
      assertThatThrownBy(
              () ->
                  UsageReportConfig.fromEnvironment(
                      Map.of("POD_NAME", "w", "USAGE_REPORT_INTERVAL", bad)))
          .as(bad)
          .hasMessageContaining("USAGE_REPORT_INTERVAL");
    }
    assertThatThrownBy(
            () ->
                UsageReportConfig.fromEnvironment(
                    Map.of("POD_NAME", "w", "USAGE_ACTIVE_REPORT_INTERVAL", "0s")))
        .hasMessageContaining("USAGE_ACTIVE_REPORT_INTERVAL");
  }
}
