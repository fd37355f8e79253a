package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The convergence comparison runs its sides in JVMs of their own and pairs their rounds. */
class ConvergenceBenchmarkTest {

  private static final int ROOT_KEYS = 20;

  @Test
  void everySideConvergesEveryMeasuredRoundWithTheWritesItIsTimedFor() throws Exception {
    ConvergenceBenchmark.Result result =
        ConvergenceBenchmark.run(ROOT_KEYS, 1, 2, ConvergenceRounds.SIDES);

    assertThat(result.threads()).isPositive();
    for (ConvergenceBenchmark.Side side : result.sides().values()) {
      assertThat(side.warmUps()).as(side.name()).hasSize(1);
      assertThat(side.rounds()).as(side.name()).hasSize(2);
      for (ConvergenceBenchmark.Round round : side.rounds()) {
        assertThat(round.ms()).as(side.name()).isPositive();
        // Every side makes the same issuance writes: status Pending, Secret, status Active.
        assertThat(round.requests())
            .as(side.name())
            .containsEntry("POST secrets", (long) ROOT_KEYS)
            .containsEntry("PUT rootkeys/status", 2L * ROOT_KEYS);
        // The CPU by thread accounts for the round's CPU, each group rounded down to the ms.
        long byThread = round.cpuByThreadMs().values().stream().mapToLong(Long::longValue).sum();
        assertThat(byThread)
            .as(side.name())
            .isBetween(round.cpuMs() - round.cpuByThreadMs().size(), round.cpuMs());
        assertThat(round.cpuByThreadMs()).containsKey(ThreadCpu.UNSEEN);
      }
    }
    // The watching loop sees each of its writes come back: two status writes and one Secret each.
    assertThat(result.sides()).containsOnlyKeys(ConvergenceRounds.SIDES);
    assertThat(result.side(ConvergenceRounds.WATCHING_SIDE).orElseThrow().rounds())
        .allSatisfy(round -> assertThat(round.watchEvents()).isEqualTo(3L * ROOT_KEYS));
    assertThat(result.baseline().rounds())
        .allSatisfy(round -> assertThat(round.requests()).hasSize(2));
    // The SDK floor asks for nothing but its informers' lists and watches and the issuance writes.
    assertThat(result.side(ConvergenceRounds.SDK_SIDE).orElseThrow().rounds())
        .allSatisfy(
            round ->
                assertThat(round.requests())
                    .containsOnlyKeys(
                        "POST secrets",
                        "PUT rootkeys/status",
                        "LIST rootkeys",
                        "WATCH rootkeys",
                        "LIST secrets",
                        "WATCH secrets"));
    assertThat(result.roundRatios()).hasSize(2).allSatisfy(ratio -> assertThat(ratio).isPositive());
    assertThat(result.warmUpRoundRatios()).hasSize(1);
  }

  @Test
  void theRatioIsTheMedianOfTheRatiosOfRoundsRunSideBySide() {
    ConvergenceBenchmark.Side operator = side("operator", 120, 300, 100);
    ConvergenceBenchmark.Side baseline = side("baseline", 100, 100, 100);
    ConvergenceBenchmark.Result result = result(0, 3, operator, baseline);

    assertThat(result.roundRatios()).containsExactly(1.2, 3.0, 1.0);
    assertThat(result.ratio()).isCloseTo(1.2, within(1e-9));
    assertThat(operator.median(ConvergenceBenchmark.Round::ms)).isEqualTo(120);
    assertThat(operator.medianRound().ms()).isEqualTo(120);
  }

  @Test
  void theSdkFloorSplitsTheRatioIntoWhatTheSdkCostsAndWhatTheOperatorAdds() {
    ConvergenceBenchmark.Side operator = side("operator", 130, 150, 300);
    ConvergenceBenchmark.Side sdk = side("sdk", 110, 100, 200);
    ConvergenceBenchmark.Side baseline = side("baseline", 100, 100, 100);
    ConvergenceBenchmark.Result result = result(0, 3, operator, baseline, sdk);

    assertThat(result.ratio("sdk", "baseline")).hasValueCloseTo(1.1, within(1e-9));
    assertThat(result.ratio("operator", "sdk")).hasValueCloseTo(1.5, within(1e-9));
    // A side that did not run has no ratio.
    assertThat(result.ratio("operator", "watching")).isEmpty();
    assertThat(result(0, 3, operator, baseline).ratio("sdk", "baseline")).isEmpty();
  }

  @Test
  void aComparisonWithoutThePlainLoopOrTheOperatorOrWithAnUnknownSideIsRefused() {
    assertThatThrownBy(() -> ConvergenceBenchmark.run(ROOT_KEYS, 0, 1, List.of("operator", "sdk")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must include baseline and operator");
    assertThatThrownBy(
            () -> ConvergenceBenchmark.run(ROOT_KEYS, 0, 1, List.of("baseline", "operator", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown side");
  }

  @Test
  void warmUpRoundsArePairedAsTheMeasuredOnesAndKeptOutOfTheHeadline() {
    ConvergenceBenchmark.Side operator =
        new ConvergenceBenchmark.Side("operator", rounds(300, 150), rounds(110));
    ConvergenceBenchmark.Side baseline =
        new ConvergenceBenchmark.Side("baseline", rounds(100, 100), rounds(100));
    ConvergenceBenchmark.Result result = result(2, 1, operator, baseline);

    assertThat(result.warmUpRoundRatios()).containsExactly(3.0, 1.5);
    assertThat(result.ratio()).isCloseTo(1.1, within(1e-9));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(ConvergenceBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(ConvergenceBenchmark.median(List.of(7.0))).isEqualTo(7.0);
  }

  private static ConvergenceBenchmark.Result result(
      int warmUpRounds, int rounds, ConvergenceBenchmark.Side... sides) {
    Map<String, ConvergenceBenchmark.Side> byName = new LinkedHashMap<>();
    for (ConvergenceBenchmark.Side side : sides) {
      byName.put(side.name(), side);
    }
    return new ConvergenceBenchmark.Result(3, 50, warmUpRounds, rounds, byName);
  }

  private static ConvergenceBenchmark.Side side(String name, long... roundsMs) {
    return new ConvergenceBenchmark.Side(name, List.of(), rounds(roundsMs));
  }

  private static List<ConvergenceBenchmark.Round> rounds(long... roundsMs) {
    return Arrays.stream(roundsMs)
        .mapToObj(ms -> new ConvergenceBenchmark.Round(ms, 0, 0, 0, Map.of(), 0, 0, 0, Map.of(), 0))
        .toList();
  }
}
