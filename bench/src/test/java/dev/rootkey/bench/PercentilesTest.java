package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void takesTheNearestRankOfEachPercentile() {
    long[] oneToThousand = LongStream.rangeClosed(1, 1_000).toArray();
    // Shuffled order must not matter.
    long[] reversed = LongStream.rangeClosed(1, 1_000).map(v -> 1_001 - v).toArray();

    for (long[] samples : new long[][] {oneToThousand, reversed}) {
      Percentiles percentiles = Percentiles.of(samples);
      assertThat(percentiles.count()).isEqualTo(1_000);
      assertThat(percentiles.p50()).isEqualTo(500);
      assertThat(percentiles.p99()).isEqualTo(990);
      assertThat(percentiles.p999()).isEqualTo(999);
      assertThat(percentiles.max()).isEqualTo(1_000);
    }
  }

  @Test
  void oneSlowRequestInAThousandShowsOnlyInTheMaxAndTwoShowAtP999() {
    Percentiles oneSlow = Percentiles.of(fastWithSlow(50_000));
    Percentiles twoSlow = Percentiles.of(fastWithSlow(40_000, 50_000));

    assertThat(oneSlow.p99()).isEqualTo(2);
    assertThat(oneSlow.p999()).isEqualTo(2);
    assertThat(oneSlow.max()).isEqualTo(50_000);
    assertThat(twoSlow.p99()).isEqualTo(2);
    assertThat(twoSlow.p999()).isEqualTo(40_000);
  }

  @Test
  void leavesTheSamplesAsTheyWere() {
    long[] samples = {3, 1, 2};

    Percentiles.of(samples);

    assertThat(samples).containsExactly(3, 1, 2);
  }

  /** A thousand samples of 2, the first ones replaced by {@code slow}. */
  private static long[] fastWithSlow(long... slow) {
    long[] samples = new long[1_000];
    Arrays.fill(samples, 2);
    System.arraycopy(slow, 0, samples, 0, slow.length);
    return samples;
  }
}
