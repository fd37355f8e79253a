package dev.rootkey.bench;

import static dev.rootkey.bench.ChaosHistories.active;
import static dev.rootkey.bench.ChaosHistories.expiring;
import static dev.rootkey.bench.ChaosHistories.hash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootkey.api.v1alpha1.KeyReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergedRootKeysTest {

  private static ConvergedRootKeys.View view(
      List<ChaosRecord> records, String current, String secretKeyId, String rotate, String done) {
    return new ConvergedRootKeys.View(
        "rk-1", 2, 2L, true, false, current, records, rotate, done, secretKeyId, hash(secretKeyId));
  }

  @Test
  void aRootKeyWithOneActiveKeyInItsSecretAndItsRotateRequestDoneHasConverged() {
    ConvergedRootKeys.View converged =
        view(List.of(active("b"), expiring("a", 100, KeyReason.Manual)), "b", "b", "2", "2");

    assertThat(ConvergedRootKeys.problem(converged)).isEmpty();
    assertThat(ConvergedRootKeys.violations(List.of(converged))).isEmpty();
  }

  @Test
  void twoActiveKeysAStaleSecretOrAPendingRotateRequestAreEachReported() {
    ConvergedRootKeys.View twoActive =
        view(List.of(active("b"), active("a")), "b", "b", null, null);
    ConvergedRootKeys.View staleSecret =
        view(List.of(active("b"), expiring("a", 100, KeyReason.Manual)), "b", "a", null, null);
    ConvergedRootKeys.View pendingRequest = view(List.of(active("a")), "a", "a", "3", "2");

    assertThat(ConvergedRootKeys.problem(twoActive)).contains("2 Active keys");
    assertThat(ConvergedRootKeys.problem(staleSecret))
        .contains("the Secret names key a, the Active key is b");
    assertThat(ConvergedRootKeys.problem(pendingRequest))
        .contains("rotate request 3 not acted on (last: 2)");
    assertThat(ConvergedRootKeys.violations(List.of(twoActive, staleSecret, pendingRequest)))
        .hasSize(3)
        .allMatch(v -> v.startsWith("RootKey rk-1 did not converge: "));
  }

  @Test
  void aRootKeyNotReadyOrMidIssuanceHasNotConverged() {
    ConvergedRootKeys.View notReady =
        new ConvergedRootKeys.View(
            "rk-1", 1, 1L, false, false, "a", List.of(active("a")), null, null, "a", hash("a"));
    ConvergedRootKeys.View issuing =
        new ConvergedRootKeys.View(
            "rk-1", 1, 1L, true, true, "a", List.of(active("a")), null, null, "a", hash("a"));

    assertThat(ConvergedRootKeys.problem(notReady)).contains("not Ready");
    assertThat(ConvergedRootKeys.problem(issuing)).contains("an issuance is under way");
  }
}
