package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.active;
import static dev.rootkey.bench.ChaosHistories.expiring;
import static dev.rootkey.bench.ChaosHistories.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneActiveKeyAtATimeTest {

  @Test
  void aStatusWithTwoActiveKeysIsReportedAndARotationIsNot() {
    List<ChaosStatus> history =
        List.of(
            status(1, "rk-1", active("a")),
            status(2, "rk-1", active("b"), expiring("a", 12, KeyReason.Manual)),
            status(3, "rk-2", active("c"), active("d")));

    assertThat(OneActiveKeyAtATime.violations(history))
        .containsExactly("RootKey rk-2 had [c, d] Active at 1970-01-01T00:00:03Z");
  }
}
