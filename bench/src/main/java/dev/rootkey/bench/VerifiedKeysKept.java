package dev.rootkey.bench;

import dev.rootkey.api.v1alpha1.KeyReason;
import dev.rootkey.api.v1alpha1.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * No key that ever verified was lost while it still should verify: from one status of its RootKey
 * to the next, such a key neither leaves the records, nor becomes Expired before its expiry, nor
 * Revoked unless reported leaked; and it keeps answering VALID until its expiry (an answer that is
 * not VALID counts unless a VALID one follows within {@code settle}: the webhook's own watch may
 * lag).
 */
final class VerifiedKeysKept {

  private VerifiedKeysKept() {}

  /**
   * @param statuses in the order the harness saw them
   * @param verified hashes of keys that answered VALID at least once
   * @param historyLimit the RootKeys' spec.rotation.historyLimit: a status this full may have
   *     dropped an Expired record the harness never saw expire
   */
  static List<String> statusViolations(
      List<ChaosStatus> statuses,
      Set<String> verified,
      Set<String> leaked,
      Duration margin,
      int historyLimit) {
    List<String> violations = new ArrayList<>();
    Map<String, ChaosStatus> previous = new HashMap<>();
    for (ChaosStatus next : statuses) {
      ChaosStatus prev = previous.put(next.rootKey(), next);
      if (prev == null) {
        continue;
      }
      for (ChaosRecord before : prev.records()) {
        if (!verified.contains(before.hash()) || leaked.contains(before.hash())) {
          continue;
        }
        Optional<ChaosRecord> after = next.record(before.hash());
        String key = "key " + before.id() + " of RootKey " + next.rootKey();
        if (after.isEmpty()) {
          boolean mayHaveExpiredUnseen =
              before.state() == KeyState.Active && next.records().size() >= historyLimit;
          if (before.shouldVerifyAt(next.at(), margin) && !mayHaveExpiredUnseen) {
            violations.add(key + " left the status at " + next.at() + " while " + describe(before));
          }
          continue;
        }
        ChaosRecord now = after.get();
        if (now.state() == KeyState.Expired && now.shouldVerifyAt(next.at(), margin)) {
          violations.add(key + " was Expired at " + next.at() + " before " + now.expiresAt());
        }
        if (now.state() == KeyState.Revoked && now.reason() != KeyReason.Leaked) {
          violations.add(
              key + " was Revoked (" + now.reason() + ") at " + next.at() + " without a leak");
        }
      }
    }
    return violations;
  }

  /**
   * Answers that were not VALID for a key that had answered VALID before, while its RootKey's
   * status (the first seen at or after the answer, else the last before) says it should verify.
   *
   * @param answers every verification, in the order sent
   * @param now when the check runs: an answer less than {@code settle} old is not judged
   */
  static List<String> answerViolations(
      List<VerifyAnswer> answers,
      List<ChaosStatus> statuses,
      Set<String> leaked,
      Duration margin,
      Duration settle,
      Instant now) {
    Map<String, List<ChaosStatus>> byRootKey = new HashMap<>();
    for (ChaosStatus status : statuses) {
      byRootKey.computeIfAbsent(status.rootKey(), k -> new ArrayList<>()).add(status);
    }
    Map<String, List<Instant>> validAt = new HashMap<>();
    for (VerifyAnswer answer : answers) {
      if (answer.valid()) {
        validAt.computeIfAbsent(answer.hash(), h -> new ArrayList<>()).add(answer.at());
      }
    }
    List<String> violations = new ArrayList<>();
    for (VerifyAnswer answer : answers) {
      Instant t = answer.at();
      List<Instant> valid = validAt.getOrDefault(answer.hash(), List.of());
      if (answer.valid()
          || leaked.contains(answer.hash())
          || t.plus(settle).isAfter(now)
          || valid.stream().noneMatch(v -> v.isBefore(t))
          || valid.stream().anyMatch(v -> v.isAfter(t) && !v.isAfter(t.plus(settle)))) {
        continue;
      }
      Optional<ChaosRecord> record =
          statusAround(byRootKey.getOrDefault(answer.rootKey(), List.of()), t)
              .flatMap(s -> s.record(answer.hash()));
      if (record.isPresent() && record.get().shouldVerifyAt(t, margin)) {
        violations.add(
            "key "
                + record.get().id()
                + " of RootKey "
                + answer.rootKey()
                + " answered "
                + answer.code()
                + " at "
                + t
                + " and not VALID within "
                + settle.toSeconds()
                + " s, while "
                + describe(record.get()));
      }
    }
    return violations;
  }

  private static Optional<ChaosStatus> statusAround(List<ChaosStatus> statuses, Instant t) {
    ChaosStatus before = null;
    for (ChaosStatus status : statuses) {
      if (!status.at().isBefore(t)) {
        return Optional.of(status);
      }
      before = status;
    }
    return Optional.ofNullable(before);
  }

  private static String describe(ChaosRecord record) {
    return record.state() == KeyState.Active
        ? "Active"
        : record.state() + " until " + record.expiresAt();
  }
}
