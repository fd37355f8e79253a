package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
  void oneSlowRequestInAThousandShowsOnlyInTheMax() {
    long[] samples = new long[1_000];
    java.util.Arrays.fill(samples, 2);
    samples[123] = 50_000;

    Percentiles percentiles = Percentiles.of(samples);

    assertThat(percentiles.p99()).isEqualTo(2);
    assertThat(percentiles.p999()).isEqualTo(2);
    assertThat(percentiles.max()).isEqualTo(50_000);
  }

  @Test
  void seesTwoSlowRequestsInAThousandAtP999() {
    long[] samples = new long[1_000];
    java.util.Arrays.fill(samples, 2);
    samples[1] = 40_000;
    samples[2] = 50_000;

    assertThat(Percentiles.of(samples).p999()).isEqualTo(40_000);
  }

  @Test
  void leavesTheSamplesAsTheyWere() {
    long[] samples = {3, 1, 2};

    Percentiles.of(samples);

    assertThat(samples).containsExactly(3, 1, 2);
  }
}
