package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopFiguresTest {

  private static final long LIMIT_MICROS = 10_000;

  @Test
  void verifyP99RatioIsVerificationsP99OverTheBareEndpointsAtTheSameRate() {
    LatencyComparison comparison =
        new LatencyComparison(5_000, run(5_000, 2_500, 0), run(5_000, 2_000, 0));

    assertThat(comparison.p99Ratio()).isEqualTo(1.25);
  }

  @Test
  void theSustainedRateIsTheHighestBeforeP99PassesTheLimit() {
    List<OpenLoopLoad.Result> ladder =
        List.of(
            run(1_000, 900, 0), run(2_000, 4_000, 0), run(4_000, 10_000, 0), run(8_000, 10_001, 0));

    assertThat(SustainedRate.highest(ladder, LIMIT_MICROS)).isEqualTo(4_000);
  }

  @Test
  void aRateWithFailedRequestsIsNotSustainedWhateverItsP99() {
    List<OpenLoopLoad.Result> ladder = List.of(run(1_000, 900, 0), run(2_000, 900, 3));

    assertThat(SustainedRate.highest(ladder, LIMIT_MICROS)).isEqualTo(1_000);
  }

  @Test
  void noRateAboveOneThatMissedCounts() {
    // A lucky higher step after a miss is noise, not capacity.
    List<OpenLoopLoad.Result> ladder =
        List.of(run(3_000, 20_000, 0), run(1_000, 900, 0), run(2_000, 12_000, 0));

    assertThat(SustainedRate.highest(ladder, LIMIT_MICROS)).isEqualTo(1_000);
    assertThat(SustainedRate.highest(List.of(run(1_000, 11_000, 0)), LIMIT_MICROS)).isZero();
  }

  @Test
  void readsTheCpuListsTasksetPrints() {
    assertThat(CpuPinning.parseList("0,1")).containsExactly(0, 1);
    assertThat(CpuPinning.parseList("0-3,6")).containsExactly(0, 1, 2, 3, 6);
    assertThat(CpuPinning.parseList("5")).containsExactly(5);
  }

  /** A run whose every sample took {@code p99Micros}. */
  private static OpenLoopLoad.Result run(int perSecond, long p99Micros, int failed) {
    long[] samples = new long[100];
    Arrays.fill(samples, p99Micros);
    return new OpenLoopLoad.Result(
        perSecond,
        samples.length,
        failed,
        Percentiles.of(samples),
        Percentiles.of(new long[] {0}),
        0,
        0);
  }
}
