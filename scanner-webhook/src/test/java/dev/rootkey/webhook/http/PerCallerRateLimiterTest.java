package dev.rootkey.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootkey.testing.TestingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PerCallerRateLimiterTest {

  private final TestingClock clock = new TestingClock(Instant.parse("2026-12-05T10:00:00Z"));

  @Test
  void aCallerMaySendItsWholeMinuteAtOnceAndIsThenToldHowLongUntilTheNextSlot() {
    PerCallerRateLimiter limiter = new PerCallerRateLimiter(clock, 3);

    assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(20));
  }

  @Test
  void aRefusedRequestTakesNothingSoTheCallerMaySendOnceTheWaitIsOver() {
    PerCallerRateLimiter limiter = new PerCallerRateLimiter(clock, 3);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("10.0.0.1");
    }
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(20));
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(20));

    clock.advance(Duration.ofSeconds(15));
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(20));
  }

  @Test
  void aCallerSendingAtTheConfiguredRateIsNeverRefused() {
    PerCallerRateLimiter limiter = new PerCallerRateLimiter(clock, 60);
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    }
    for (int i = 0; i < 120; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(limiter.acquire("10.0.0.1")).isEmpty();
    }
    assertThat(limiter.acquire("10.0.0.1")).contains(Duration.ofSeconds(1));
  }

  @Test
  void oneCallerSpendingItsBudgetLeavesAnotherCallersWhole() {
    PerCallerRateLimiter limiter = new PerCallerRateLimiter(clock, 2);
    limiter.acquire("10.0.0.1");
    limiter.acquire("10.0.0.1");
    assertThat(limiter.acquire("10.0.0.1")).isPresent();

    assertThat(limiter.acquire("10.0.0.2")).isEmpty();
    assertThat(limiter.acquire("10.0.0.2")).isEmpty();
  }

  @Test
  void callersWhoseBucketIsFullAgainAreForgottenOnceManyAreHeld() {
    PerCallerRateLimiter limiter = new PerCallerRateLimiter(clock, 60);
    for (int i = 0; i < PerCallerRateLimiter.TRACKED_CALLERS; i++) {
      limiter.acquire("caller-" + i);
    }
    limiter.acquire("busy");
    limiter.acquire("busy");
    clock.advance(Duration.ofSeconds(1));

    limiter.acquire("one-more");

    // "busy" still owes a second; everyone else's bucket is full again, so only it is kept.
    assertThat(limiter.trackedCallers()).isEqualTo(2);
  }

  @Test
  void aRateBelowOneAMinuteIsRefused() {
    assertThatThrownBy(() -> new PerCallerRateLimiter(Clock.systemUTC(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestsPerMinute");
  }
}
