package dev.rootkey.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseTimingsTest {

  @Test
  void unsetTheyAreTheSdksDefaults() {
    LeaseTimings timings = LeaseTimings.fromEnvironment(Map.of());

    assertThat(timings)
        .isEqualTo(
            new LeaseTimings(
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThat(timings).isEqualTo(LeaseTimings.DEFAULTS);
  }

  @Test
  void eachVariableSetsItsOwnTiming() {
    LeaseTimings timings =
        LeaseTimings.fromEnvironment(
            Map.of(
                "LEASE_DURATION", "6s",
                "LEASE_RENEW_DEADLINE", "4s",
                "LEASE_RETRY_PERIOD", "500ms"));

    assertThat(timings.leaseDuration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(timings.renewDeadline()).isEqualTo(Duration.ofSeconds(4));
    assertThat(timings.retryPeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aValueThatIsNoDurationNamesItsVariable() {
    assertThatThrownBy(() -> LeaseTimings.fromEnvironment(Map.of("LEASE_DURATION", "15")))
        .hasMessageContaining("LEASE_DURATION")
        .hasMessageContaining("'15'");
    assertThatThrownBy(() -> LeaseTimings.fromEnvironment(Map.of("LEASE_RETRY_PERIOD", "0s")))
        .hasMessageContaining("LEASE_RETRY_PERIOD must be longer than 0");
  }

  @Test
  void aLeaderMustGiveUpBeforeAnotherMayTakeTheLease() {
    // Shortening the Lease alone, the most likely edit, leaves the default renew deadline behind.
    assertThatThrownBy(() -> LeaseTimings.fromEnvironment(Map.of("LEASE_DURATION", "8s")))
        .hasMessageContaining(
            "LEASE_RENEW_DEADLINE (10s) must be shorter than LEASE_DURATION (8s)");
    assertThatThrownBy(
            () ->
                LeaseTimings.fromEnvironment(
                    Map.of("LEASE_DURATION", "10s", "LEASE_RENEW_DEADLINE", "10s")))
        .hasMessageContaining("must be shorter than LEASE_DURATION");
  }

  @Test
  void theRenewDeadlineMustOutlastTwoTriesWithTheirJitter() {
    assertThatThrownBy(
            () ->
                LeaseTimings.fromEnvironment(
                    Map.of(
                        "LEASE_DURATION", "6s",
                        "LEASE_RENEW_DEADLINE", "4s",
                        "LEASE_RETRY_PERIOD", "2s")))
        .hasMessageContaining(
            "LEASE_RENEW_DEADLINE (4s) must be longer than 2.2 times LEASE_RETRY_PERIOD (2s)");
    // Both out of line: both said at once.
    assertThatThrownBy(
            () ->
                LeaseTimings.fromEnvironment(
                    Map.of("LEASE_DURATION", "3s", "LEASE_RENEW_DEADLINE", "4s")))
        .hasMessageContaining("shorter than LEASE_DURATION")
        .hasMessageContaining("2.2 times LEASE_RETRY_PERIOD");
  }
}
