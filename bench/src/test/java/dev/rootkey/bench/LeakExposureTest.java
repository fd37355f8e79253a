package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.answer;
import static dev.rootkey.bench.ChaosHistories.at;
import static dev.rootkey.bench.ChaosHistories.hash;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakExposureTest {

  @Test
  void aLeakedKeyCountsFromItsAlertToItsLastValidAnswerAndOneRevokedAtOnceCountsZero() {
    List<VerifyAnswer> answers =
        List.of(
            answer(1, "rk-1", "a", "VALID"),
            answer(12, "rk-1", "a", "VALID"),
            answer(30, "rk-1", "a", "VALID"),
            answer(31, "rk-1", "a", "REVOKED"),
            answer(11, "rk-2", "b", "REVOKED"));

    long[] exposure =
        LeakExposure.validAfterAlertMs(Map.of(hash("a"), at(10), hash("b"), at(10)), answers);

    assertThat(exposure).containsExactlyInAnyOrder(20_000L, 0L);
  }
}
