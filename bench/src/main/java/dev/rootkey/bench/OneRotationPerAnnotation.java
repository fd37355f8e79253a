package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * No rotation happened twice for one value of the rotate annotation: a RootKey never has more keys
 * replaced for a rotate request (reason Manual, counted over every status the harness saw) than
 * values the harness set.
 */
final class OneRotationPerAnnotation {

  private OneRotationPerAnnotation() {}

  /**
   * @param valuesSet per RootKey, how many distinct rotate annotation values the harness set
   */
  static List<String> violations(Collection<ChaosStatus> statuses, Map<String, Integer> valuesSet) {
    Map<String, Set<String>> manual = new HashMap<>();
    for (ChaosStatus status : statuses) {
      for (ChaosRecord record : status.records()) {
        if (record.reason() == KeyReason.Manual) {
          manual.computeIfAbsent(status.rootKey(), k -> new HashSet<>()).add(record.id());
        }
      }
    }
    List<String> violations = new ArrayList<>();
    manual.forEach(
        (rootKey, ids) -> {
          int values = valuesSet.getOrDefault(rootKey, 0);
          if (ids.size() > values) {
            violations.add(
                "RootKey "
                    + rootKey
                    + " replaced "
                    + ids.size()
                    + " keys for rotate requests ("
                    + new TreeSet<>(ids)
                    + ") but was given "
                    + values
                    + " values");
          }
        });
    return violations;
  }
}
