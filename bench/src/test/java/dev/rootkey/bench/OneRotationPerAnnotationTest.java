package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.active;
import static dev.rootkey.bench.ChaosHistories.expired;
import static dev.rootkey.bench.ChaosHistories.expiring;
import static dev.rootkey.bench.ChaosHistories.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneRotationPerAnnotationTest {

  private static final List<ChaosStatus> TWO_MANUAL_ROTATIONS =
      List.of(
          status(1, "rk-1", active("b"), expiring("a", 11, KeyReason.Manual)),
          // a leaves the history; b is replaced for a rotate request too, c on schedule.
          status(
              20,
              "rk-1",
              active("d"),
              expiring("c", 30, KeyReason.Rotated),
              expiring("b", 25, KeyReason.Manual)),
          status(40, "rk-1", active("d"), expired("c", 30)));

  @Test
  void asManyManualReplacementsAsValuesSetIsNoViolation() {
    assertThat(OneRotationPerAnnotation.violations(TWO_MANUAL_ROTATIONS, Map.of("rk-1", 2)))
        .isEmpty();
  }

  @Test
  void moreManualReplacementsThanValuesSetIsReportedEvenWhenTheFirstLeftTheHistory() {
    assertThat(OneRotationPerAnnotation.violations(TWO_MANUAL_ROTATIONS, Map.of("rk-1", 1)))
        .containsExactly(
            "RootKey rk-1 replaced 2 keys for rotate requests ([a, b]) but was given 1 values");
  }
}
