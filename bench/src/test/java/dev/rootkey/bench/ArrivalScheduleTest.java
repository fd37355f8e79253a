package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void sendsRateTimesLengthRequests() {
    assertThat(new ArrivalSchedule(5_000, Duration.ofSeconds(20)).count()).isEqualTo(100_000);
    assertThat(new ArrivalSchedule(1_000, Duration.ofMillis(2_500)).count()).isEqualTo(2_500);
  }

  @Test
  void spacesRequestsEvenlyFromTheStart() {
    ArrivalSchedule schedule = new ArrivalSchedule(4_000, Duration.ofSeconds(1));

    assertThat(schedule.dueNanos(0)).isZero();
    assertThat(schedule.dueNanos(1)).isEqualTo(250_000);
    assertThat(schedule.dueNanos(3_999)).isEqualTo(999_750_000);
  }

  @Test
  void keepsItsRateOverLongRunsWithoutDrift() {
    // 3 per second does not divide a second in whole nanoseconds: each due time is computed from
    // the start, so rounding does not add up.
    ArrivalSchedule schedule = new ArrivalSchedule(3, Duration.ofHours(1));

    assertThat(schedule.dueNanos(3 * 3_600)).isEqualTo(3_600_000_000_000L);
  }

  @Test
  void refusesARateOrLengthThatSendsNothing() {
    assertThatThrownBy(() -> new ArrivalSchedule(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArrivalSchedule(1_000, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
