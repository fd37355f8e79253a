package dev.rootkey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealApiServerFiguresTest {

  @Test
  void readsUserAndSystemTicksFromAStatLineWhoseCommandHoldsSpacesAndParentheses() {
    String stat =
        "4242 (kube (api) server) S 1 4242 4242 0 -1 4194560 1234 0 0 0 1500 250 0 0 20 0 12 0"
            + " 100 123456 789 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    assertThat(ProcessCpu.ticks(stat)).isEqualTo(1_750);
  }

  @Test
  void readsThisProcesssOwnCpuTimeFromProc() throws Exception {
    long before = ProcessCpu.ms(ProcessHandle.current().pid());
    long spin = System.nanoTime() + 300_000_000L;
    long sum = 0;
    while (System.nanoTime() < spin) {
      sum += System.identityHashCode(new Object());
    }

    assertThat(sum).isNotZero();
    assertThat(ProcessCpu.ms(ProcessHandle.current().pid())).isGreaterThan(before);
  }

  @Test
  void countsTheApiServersRequestsForTheGivenResourcesByVerbAndResourceSummedOverCodes() {
    String metrics =
        String.join(
            "\n",
            "# HELP apiserver_request_total [STABLE] Counter of apiserver requests",
            "# TYPE apiserver_request_total counter",
            "apiserver_request_total{code=\"200\",component=\"apiserver\",contentType=\"application/json\","
                + "dry_run=\"\",group=\"rootkey.dev\",resource=\"rootkeys\",scope=\"resource\","
                + "subresource=\"status\",verb=\"PUT\",version=\"v1alpha1\"} 398",
            "apiserver_request_total{code=\"409\",component=\"apiserver\",contentType=\"application/json\","
                + "dry_run=\"\",group=\"rootkey.dev\",resource=\"rootkeys\",scope=\"resource\","
                + "subresource=\"status\",verb=\"PUT\",version=\"v1alpha1\"} 2",
            "apiserver_request_total{code=\"201\",component=\"apiserver\",contentType=\"application/json\","
                + "dry_run=\"\",group=\"\",resource=\"secrets\",scope=\"resource\",subresource=\"\","
                + "verb=\"POST\",version=\"v1\"} 1.5e+06",
            "apiserver_request_total{code=\"200\",component=\"\",contentType=\"text/plain\","
                + "dry_run=\"\",group=\"\",resource=\"\",scope=\"\",subresource=\"/metrics\","
                + "verb=\"GET\",version=\"\"} 7",
            "apiserver_request_total{code=\"200\",component=\"apiserver\",contentType=\"application/json\","
                + "dry_run=\"\",group=\"\",resource=\"endpoints\",scope=\"resource\",subresource=\"\","
                + "verb=\"GET\",version=\"v1\"} 26",
            "apiserver_request_duration_seconds_count{verb=\"PUT\",resource=\"rootkeys\"} 400",
            "");

    RequestCounts counts =
        ApiServerRequestCounts.parse(metrics, Set.of("rootkeys", "secrets", "events"));

    assertThat(counts.byKind())
        .isEqualTo(Map.of("PUT rootkeys/status", 400L, "POST secrets", 1_500_000L));
    assertThat(counts.since(new RequestCounts(Map.of("PUT rootkeys/status", 100L))).total())
        .isEqualTo(1_500_300L);
  }

  @Test
  void eachRatioIsTheMedianOfTheRoundsRatiosOfItsTwoSides() {
    RealConvergenceBenchmark.Result result =
        new RealConvergenceBenchmark.Result(
            5_000,
            50,
            List.of(side("baseline", 10_000), side("baseline", 20_000), side("baseline", 10_000)),
            List.of(side("sdk", 10_000), side("sdk", 24_000), side("sdk", 11_000)),
            List.of(side("operator", 11_000), side("operator", 30_000), side("operator", 12_000)));

    assertThat(result.ratio()).isEqualTo(1.2);
    assertThat(result.sdkFloorRatio()).isEqualTo(1.1);
    // 1.1, 1.25 and 12/11: a round's ratio, not the ratio of the two medians above.
    assertThat(result.ratioToSdkFloor()).isEqualTo(1.1);
  }

  @Test
  void overAnyEvenNumberOfRoundsEachSideRunsBeforeEachOtherAsOftenAsAfterIt() {
    for (int rounds = 2; rounds <= 12; rounds += 2) {
      Map<List<String>, Integer> before = new HashMap<>();
      for (int round = 0; round < rounds; round++) {
        List<String> order =
            RealConvergenceBenchmark.ORDERS.get(round % RealConvergenceBenchmark.ORDERS.size());
        assertThat(order).containsExactlyInAnyOrderElementsOf(RealConvergenceBenchmark.SIDES);
        for (int first = 0; first < order.size(); first++) {
          for (int then = first + 1; then < order.size(); then++) {
            before.merge(List.of(order.get(first), order.get(then)), 1, Integer::sum);
          }
        }
      }
      for (String one : RealConvergenceBenchmark.SIDES) {
        for (String other : RealConvergenceBenchmark.SIDES) {
          if (!one.equals(other)) {
            assertThat(before.getOrDefault(List.of(one, other), 0))
                .as("%s before %s in %d rounds", one, other, rounds)
                .isEqualTo(rounds / 2);
          }
        }
      }
    }
  }

  @Test
  void noRoundsIsRefusedBeforeAnyServerStarts() {
    assertThatThrownBy(() -> RealConvergenceBenchmark.run(5_000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--real-rounds must be at least 1");
  }

  private static RealConvergenceBenchmark.SideRun side(String side, long ms) {
    return new RealConvergenceBenchmark.SideRun(side, ms, new RequestCounts(Map.of()), 0, 0, 0);
  }
}
