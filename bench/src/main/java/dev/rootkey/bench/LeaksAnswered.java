package dev.rootkey.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every leaked key answers REVOKED (and, once it has, never VALID again), has its KeyLeak, and
 * every KeyLeak has its answer ({@code status.action}). A key whose grace period ran out before the
 * operator acted on its leak (no leader meanwhile) answers EXPIRED instead, and its KeyLeak says
 * so: {@code AlreadyInvalid}.
 */
final class LeaksAnswered {

  /** A KeyLeak as the check reads it: its name, the hash it names, and the action taken if any. */
  record Leak(String name, String tokenHash, String action) {}

  private LeaksAnswered() {}

  /**
   * @param leaked hash to RootKey of every key the harness reported and the webhook took as ours
   * @param answers every verification, in the order sent; the last one of each leaked key counts
   */
  static List<String> violations(
      Map<String, String> leaked, List<VerifyAnswer> answers, List<Leak> keyLeaks) {
    List<String> violations = new ArrayList<>();
    Set<String> revoked = new HashSet<>();
    Map<String, VerifyAnswer> last = new HashMap<>();
    for (VerifyAnswer answer : answers) {
      if (!leaked.containsKey(answer.hash())) {
        continue;
      }
      if (answer.valid() && revoked.contains(answer.hash())) {
        violations.add(
            "leaked key of RootKey "
                + answer.rootKey()
                + " (sha256 "
                + answer.hash().substring(0, 12)
                + ") answered VALID at "
                + answer.at()
                + " after it had answered REVOKED");
      }
      if ("REVOKED".equals(answer.code())) {
        revoked.add(answer.hash());
      }
      last.put(answer.hash(), answer);
    }
    Map<String, String> actions = new HashMap<>();
    for (Leak leak : keyLeaks) {
      actions.put(leak.tokenHash(), leak.action());
      if (leak.action() == null) {
        violations.add("KeyLeak " + leak.name() + " has no answer (status.action)");
      }
    }
    leaked.forEach(
        (hash, rootKey) -> {
          VerifyAnswer answer = last.get(hash);
          String id =
              "leaked key of RootKey " + rootKey + " (sha256 " + hash.substring(0, 12) + ")";
          String code = answer == null ? "nothing" : answer.code();
          boolean expiredFirst =
              "EXPIRED".equals(code) && "AlreadyInvalid".equals(actions.get(hash));
          if (!"REVOKED".equals(code) && !expiredFirst) {
            violations.add(
                id
                    + " answers "
                    + code
                    + ", not REVOKED"
                    + ("EXPIRED".equals(code)
                        ? " (its KeyLeak's action: " + actions.get(hash) + ")"
                        : ""));
          }
          if (!actions.containsKey(hash)) {
            violations.add(id + " has no KeyLeak");
          }
        });
    return violations;
  }
}
