package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRoundsTest {

  @Test
  void theRatioIsTheMedianOfThePairsNotTheBestOfEachEndpoint() {
    // The machine halves both endpoints in the second round; the bare route's third is lucky.
    PairedRounds rounds =
        new PairedRounds(
            List.of(rps(10_000), rps(5_000), rps(14_000)),
            List.of(rps(9_000), rps(4_600), rps(9_100)));

    assertThat(rounds.ratios()).containsExactly(new double[] {0.9, 0.92, 0.65}, within(1e-9));
    assertThat(rounds.medianRatio()).isCloseTo(0.9, within(1e-9));
    assertThat(rounds.minRatio()).isCloseTo(0.65, within(1e-9));
    assertThat(rounds.maxRatio()).isCloseTo(0.92, within(1e-9));
    // Best against best would have said 9,100 / 14,000 = 0.65.
    assertThat(rounds.medianVerify().requestsPerSecond()).isEqualTo(9_000);
    assertThat(rounds.medianConstant().requestsPerSecond()).isEqualTo(10_000);
  }

  @Test
  void anEvenNumberOfPairsTakesTheMeanOfTheMiddleTwo() {
    PairedRounds rounds = new PairedRounds(List.of(rps(100), rps(100)), List.of(rps(80), rps(90)));

    assertThat(rounds.medianRatio()).isCloseTo(0.85, within(1e-9));
  }

  @Test
  void unpairedRoundsAreRefused() {
    assertThatThrownBy(() -> new PairedRounds(List.of(rps(1)), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PairedRounds(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static LoadGenerator.Result rps(double requestsPerSecond) {
    return new LoadGenerator.Result(Math.round(requestsPerSecond * 10), requestsPerSecond, 1, 2);
  }
}
