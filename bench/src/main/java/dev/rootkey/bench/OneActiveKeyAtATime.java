package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** No status the harness ever saw held more than one Active key. */
final class OneActiveKeyAtATime {

  private OneActiveKeyAtATime() {}

  static List<String> violations(Collection<ChaosStatus> statuses) {
    List<String> violations = new ArrayList<>();
    for (ChaosStatus status : statuses) {
      List<String> active =
          status.records().stream()
              .filter(r -> r.state() == KeyState.Active)
              .map(ChaosRecord::id)
              .toList();
      if (active.size() > 1) {
        violations.add(
            "RootKey " + status.rootKey() + " had " + active + " Active at " + status.at());
      }
    }
    return violations;
  }
}
